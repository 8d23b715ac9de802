//! The [`Server`] settings [`serve`](super::serve) reads from the environment (docs/serving.md). A value
//! that does not parse is an error naming the variable.

use std::io;
use std::time::Duration;

use super::server::Server;
use super::tls::Pems;
use crate::router::Routes;

/// A server for `routes` configured from `HOST`, `PORT`, `WORKERS`, `ROOK_TLS_CERT` and
/// `ROOK_TLS_KEY`, `ROOK_H2C`, `ROOK_SHUTDOWN_TIMEOUT`, `ROOK_COMPRESS`, `ROOK_HEAD_TIMEOUT`,
/// `ROOK_SEND_TIMEOUT`, `ROOK_H2_MAX_STREAMS`.
pub(crate) fn server(routes: Routes) -> io::Result<Server> {
    let settings = Settings::from(|name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()))?;
    Ok(settings.apply(Server::new(routes)))
}

/// The settings found in the environment.
struct Settings {
    host: String,
    port: u16,
    workers: Option<usize>,
    tls: Option<Pems>,
    h2c: Option<bool>,
    shutdown_timeout: Option<u64>,
    compress: Option<bool>,
    head_timeout: Option<u64>,
    send_timeout: Option<u64>,
    h2_max_streams: Option<u32>,
}

impl Settings {
    /// The settings, with the variables looked up by `var`.
    fn from(var: impl Fn(&str) -> Option<String>) -> io::Result<Settings> {
        let mut settings = Settings {
            host: var("HOST").filter(|h| !h.trim().is_empty()).unwrap_or_else(|| "127.0.0.1".into()),
            port: parse(&var, "PORT", "a port number (0 to 65535)")?.unwrap_or(8080),
            workers: parse(&var, "WORKERS", "a number of workers (1 or more)")?,
            h2c: flag(&var, "ROOK_H2C")?,
            shutdown_timeout: parse(&var, "ROOK_SHUTDOWN_TIMEOUT", "a number of seconds")?,
            compress: flag(&var, "ROOK_COMPRESS")?,
            head_timeout: parse(&var, "ROOK_HEAD_TIMEOUT", SECONDS)?,
            send_timeout: parse(&var, "ROOK_SEND_TIMEOUT", SECONDS)?,
            h2_max_streams: parse(&var, "ROOK_H2_MAX_STREAMS", STREAMS)?,
            tls: None,
        };
        if settings.workers == Some(0) {
            return Err(invalid("WORKERS", "0", "a number of workers (1 or more)"));
        }
        for (name, value, expected) in [
            ("ROOK_HEAD_TIMEOUT", settings.head_timeout, SECONDS),
            ("ROOK_SEND_TIMEOUT", settings.send_timeout, SECONDS),
            ("ROOK_H2_MAX_STREAMS", settings.h2_max_streams.map(u64::from), STREAMS),
        ] {
            if value == Some(0) {
                return Err(invalid(name, "0", expected));
            }
        }
        settings.tls = match (var("ROOK_TLS_CERT"), var("ROOK_TLS_KEY")) {
            (Some(cert), Some(key)) => {
                let read = |name: &str, path: &str| {
                    std::fs::read(path)
                        .map_err(|e| io::Error::new(e.kind(), format!("{name}: cannot read {path:?}: {e}")))
                };
                let pems = Pems {
                    cert: read("ROOK_TLS_CERT", &cert)?,
                    key: read("ROOK_TLS_KEY", &key)?,
                    cert_name: format!("ROOK_TLS_CERT ({cert})"),
                    key_name: format!("ROOK_TLS_KEY ({key})"),
                };
                // Checked now, so that the message names the variables before anything starts.
                super::tls::config(&pems)?;
                Some(pems)
            }
            (Some(_), None) => {
                return Err(other("ROOK_TLS_CERT is set but ROOK_TLS_KEY is not: TLS needs both"));
            }
            (None, Some(_)) => {
                return Err(other("ROOK_TLS_KEY is set but ROOK_TLS_CERT is not: TLS needs both"));
            }
            (None, None) => None,
        };
        Ok(settings)
    }

    fn apply(self, mut server: Server) -> Server {
        server = server.bind((self.host.as_str(), self.port));
        if let Some(n) = self.workers {
            server = server.workers(n);
        }
        if let Some(pems) = self.tls {
            server = server.tls_named(pems);
        }
        if let Some(on) = self.h2c {
            server = server.h2c(on);
        }
        if let Some(secs) = self.shutdown_timeout {
            server = server.shutdown_timeout(secs);
        }
        if let Some(on) = self.compress {
            server = server.compress(on);
        }
        if let Some(secs) = self.head_timeout {
            server = server.request_head_timeout(Duration::from_secs(secs));
        }
        if let Some(secs) = self.send_timeout {
            server = server.send_timeout(Duration::from_secs(secs));
        }
        if let Some(max) = self.h2_max_streams {
            server = server.http2_max_streams(max);
        }
        server
    }
}

/// What a timeout variable must be.
const SECONDS: &str = "a number of seconds (1 or more)";

/// What `ROOK_H2_MAX_STREAMS` must be.
const STREAMS: &str = "a number of streams (1 or more)";

fn other(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

fn invalid(name: &str, value: &str, expected: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, format!("{name}={value:?} is not {expected}"))
}

/// The variable parsed as a `T`; `None` when it is unset or empty.
fn parse<T: std::str::FromStr>(
    var: &impl Fn(&str) -> Option<String>,
    name: &str,
    expected: &str,
) -> io::Result<Option<T>> {
    match var(name) {
        Some(value) if !value.trim().is_empty() => {
            value.trim().parse().map(Some).map_err(|_| invalid(name, &value, expected))
        }
        _ => Ok(None),
    }
}

/// A boolean variable: `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off` (any case).
fn flag(var: &impl Fn(&str) -> Option<String>, name: &str) -> io::Result<Option<bool>> {
    match var(name) {
        Some(value) if !value.trim().is_empty() => match value.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(Some(true)),
            "0" | "false" | "no" | "off" => Ok(Some(false)),
            _ => Err(invalid(name, &value, "1 or 0 (true/false, yes/no, on/off)")),
        },
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn try_env(vars: &[(&str, &str)]) -> Result<(), String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (name, value) in [
            ("PORT", "http"),
            ("PORT", "70000"),
            ("WORKERS", "0"),
            ("WORKERS", "-2"),
            ("ROOK_H2C", "maybe"),
            ("ROOK_SHUTDOWN_TIMEOUT", "30s"),
            ("ROOK_COMPRESS", "gzip"),
            ("ROOK_HEAD_TIMEOUT", "5s"),
            ("ROOK_HEAD_TIMEOUT", "0"),
            ("ROOK_SEND_TIMEOUT", "-1"),
            ("ROOK_H2_MAX_STREAMS", "0"),
            ("ROOK_H2_MAX_STREAMS", "many"),
        ] {
            let error = try_env(&[(name, value)]).expect_err(name);
            assert!(error.starts_with(&format!("{name}=")), "{error}");
        }
        assert!(try_env(&[("ROOK_TLS_CERT", "c.pem")]).unwrap_err().contains("ROOK_TLS_KEY"));
        assert!(
            try_env(&[("ROOK_TLS_CERT", "/nonexistent/c.pem"), ("ROOK_TLS_KEY", "/nonexistent/k.pem")])
                .unwrap_err()
                .starts_with("ROOK_TLS_CERT: cannot read")
        );
    }

    #[test]
    fn good_values_pass() {
        let vars = [
            ("PORT", "0"),
            ("WORKERS", "2"),
            ("ROOK_H2C", "on"),
            ("ROOK_SHUTDOWN_TIMEOUT", "5"),
            ("ROOK_COMPRESS", "1"),
            ("ROOK_HEAD_TIMEOUT", "10"),
            ("ROOK_SEND_TIMEOUT", "60"),
            ("ROOK_H2_MAX_STREAMS", "128"),
        ];
        assert_eq!(try_env(&vars), Ok(()));
        assert_eq!(try_env(&[("PORT", "")]), Ok(()));
    }
}
