//! Starting and stopping the web service.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::app::App;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;

/// Connects, migrates and prepares the application.
pub async fn prepare(database_url: &str, config: Config, clock: Clock) -> anyhow::Result<App> {
    let db = Db::connect(database_url, config.db_connections).await?;
    db.migrate().await?;
    let app = App {
        writes: crate::app::writes::Writes::start(db.clone()),
        db,
        clock,
        config: Arc::new(config),
    };
    // The issuer key this instance signs with joins the published ones (idempotent).
    crate::app::certificates::publish_key(&app)
        .await
        .map_err(|e| anyhow::anyhow!("publishing the issuer key: {e}"))?;
    Ok(app)
}

/// A server running in the background (tests, embedding).
pub struct Running {
    pub addr: SocketAddr,
    pub app: App,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    pub handle: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = self.handle.await;
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    app: App,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let sweeper = tokio::spawn(sweep(app.clone()));
    // Overdue papers are handed in by the server, not when their owner next looks.
    let papers = tokio::spawn(crate::app::exams::sweeper(
        app.clone(),
        Duration::from_secs(5),
    ));
    let router = crate::web::router(app);
    let res = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("serving HTTP");
    sweeper.abort();
    papers.abort();
    res
}

/// Starts serving on `listen` in the background.
pub async fn spawn(app: App, listen: &str) -> anyhow::Result<Running> {
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("listening on {listen}"))?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(serve(app.clone(), listener, async {
        let _ = rx.await;
    }));
    Ok(Running {
        addr,
        app,
        shutdown: Some(tx),
        handle,
    })
}

/// Removes expired sessions and downloads now and then. Any instance may do it: the deletes
/// are idempotent, so several instances sweeping at once do no harm.
async fn sweep(app: App) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        let now = app.now();
        if let Err(e) =
            crate::store::sessions::purge_expired(&app.db.pool, now, app.config.session_idle_ms)
                .await
        {
            tracing::warn!(error = %e, "sweeping sessions");
        }
        if let Err(e) = crate::store::downloads::purge_expired(&app.db.pool, now).await {
            tracing::warn!(error = %e, "sweeping downloads");
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called, not when
/// the future is first polled, so a signal that comes right after start-up is not lost.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    #[cfg(unix)]
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
    async move {
        #[cfg(unix)]
        {
            let term_recv = async {
                match term.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let int_recv = async {
                match int.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = term_recv => {},
                _ = int_recv => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}
