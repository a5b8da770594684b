/// mimalloc instead of glibc's allocator: a request builds and drops many small JSON values,
/// and under an exam's load glibc spent about a sixth of the server's CPU in malloc and free
/// and kept freed memory in per-thread arenas (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    annocert::cli::run()
}
