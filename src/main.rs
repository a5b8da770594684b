fn main() -> std::process::ExitCode {
    annocert::cli::run()
}
