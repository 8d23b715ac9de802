//! [`RedisStore`]: sessions kept in Redis under `rook:session:{ID}`, with a TTL.
//!
//! The connection lives on a runtime of its own (one thread), as the chat's does: actix-web's
//! workers each run their own runtime, and a connection's task must outlive whichever worker
//! opened it. Each command has a one-second timeout; a failure is the store being down (503).

use std::future::Future;
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Client, RedisResult};
use tokio::runtime::Handle;

use crate::ws::RedisError;

/// A command's own timeout.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(1);

/// Sessions in one Redis.
pub(crate) struct RedisStore {
    runtime: Handle,
    commands: ConnectionManager,
}

fn key(id: &str) -> String {
    format!("rook:session:{id}")
}

impl RedisStore {
    /// A store for `url` (`redis://host:port/db`); connects on first use.
    pub(crate) fn new(url: &str) -> Result<RedisStore, RedisError> {
        let client = Client::open(url).map_err(|err| RedisError::Url(err.to_string()))?;
        let (handle_tx, handle_rx) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("rook-session-redis".into())
            .spawn(move || match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => {
                    let _ = handle_tx.send(runtime.handle().clone());
                    runtime.block_on(std::future::pending::<()>());
                }
                Err(err) => log::error!("sessions: cannot start the Redis connection's runtime: {err}"),
            })
            .map_err(|err| RedisError::Url(format!("cannot start the Redis connection's thread: {err}")))?;
        let runtime =
            handle_rx.recv().map_err(|_| RedisError::Url("the Redis connection's runtime did not start".into()))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(COMMAND_TIMEOUT))
            .set_response_timeout(Some(COMMAND_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let commands = {
            let _entered = runtime.enter();
            ConnectionManager::new_lazy_with_config(client, config).map_err(|err| RedisError::Url(err.to_string()))?
        };
        Ok(RedisStore { runtime, commands })
    }

    /// Runs a command on the store's runtime.
    async fn run<T: Send + 'static>(
        &self,
        work: impl Future<Output = RedisResult<T>> + Send + 'static,
    ) -> Result<T, String> {
        match self.runtime.spawn(work).await {
            Ok(result) => result.map_err(|e| e.to_string()),
            Err(err) => Err(err.to_string()),
        }
    }

    /// The session stored under `id`, if any.
    pub(crate) async fn get(&self, id: &str) -> Result<Option<String>, String> {
        let mut conn = self.commands.clone();
        let key = key(id);
        self.run(async move { conn.get::<_, Option<String>>(key).await }).await
    }

    /// Stores `json` under `id` for `ttl`, and forgets `old` (a rotated session's id).
    pub(crate) async fn set(&self, id: &str, json: String, ttl: Duration, old: Option<&str>) -> Result<(), String> {
        let mut conn = self.commands.clone();
        let (key, old) = (key(id), old.map(self::key));
        let secs = ttl.as_secs().max(1);
        self.run(async move {
            let mut pipe = redis::pipe();
            pipe.atomic().set_ex(key, json, secs).ignore();
            if let Some(old) = old {
                pipe.del(old).ignore();
            }
            pipe.query_async::<()>(&mut conn).await
        })
        .await
    }

    /// Forgets the session stored under `id`.
    pub(crate) async fn delete(&self, id: &str) -> Result<(), String> {
        let mut conn = self.commands.clone();
        let key = key(id);
        self.run(async move { conn.del::<_, ()>(key).await }).await
    }
}
