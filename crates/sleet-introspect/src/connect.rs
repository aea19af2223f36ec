//! Connecting as users do: the URL from `--database-url`, else `DATABASE_URL` in the
//! environment, else a `.env` file in the current directory (as sqlx-cli and
//! drizzle-kit read it); TLS with rustls as `sslmode` asks (`disable`, `prefer` — the
//! default — `require`, `verify-ca`, `verify-full`, with `sslrootcert`), since managed
//! PostgreSQL requires it; and the password hidden in every message.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::Path;
use std::sync::Arc;
use tokio_postgres::config::SslMode;

/// Why a connection could not be made; every message hides the password.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// No URL was given anywhere.
    #[error("no database to connect to: pass --database-url, set DATABASE_URL, or put DATABASE_URL=postgres://… in a .env file here")]
    NoUrl,
    /// The `.env` file exists but cannot be read.
    #[error("cannot read {path}: {source}")]
    DotEnv {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The URL is not one PostgreSQL takes.
    #[error("the URL from {origin} ({shown}) is not a PostgreSQL connection string: {reason}")]
    BadUrl {
        /// Where the URL came from.
        origin: &'static str,
        /// The URL, password hidden.
        shown: String,
        /// What is wrong.
        reason: String,
    },
    /// TLS could not be set up (an unreadable `sslrootcert`).
    #[error("TLS for {shown}: {reason}")]
    Tls {
        /// The URL, password hidden.
        shown: String,
        /// What is wrong.
        reason: String,
    },
    /// The server could not be reached, refused, or TLS failed.
    #[error("cannot connect to {shown} (from {origin}); check that the server runs, the URL is right, and sslmode suits the server: {source}")]
    Connect {
        /// The URL, password hidden.
        shown: String,
        /// Where the URL came from.
        origin: &'static str,
        /// The driver's error.
        source: tokio_postgres::Error,
    },
}

type Result<T, E = ConnectError> = std::result::Result<T, E>;

/// A database URL and where it came from. Its `Debug` shows it redacted.
#[derive(Clone)]
pub struct DatabaseUrl {
    url: String,
    /// `--database-url`, `DATABASE_URL` or `.env`.
    pub source: &'static str,
}

impl DatabaseUrl {
    /// The URL with its password hidden.
    pub fn redacted(&self) -> String {
        redact(&self.url)
    }
}

impl DatabaseUrl {
    /// A URL given in code or on a command line.
    pub fn given(url: impl Into<String>, source: &'static str) -> Self {
        Self { url: url.into(), source }
    }

    /// The same server and settings, another database on it.
    pub fn with_database(&self, database: &str) -> Self {
        let url = &self.url;
        let (base, query) = url.split_once('?').map_or((url.as_str(), None), |(b, q)| (b, Some(q)));
        let scheme_end = base.find("://").map_or(0, |i| i + 3);
        let path_start = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
        let mut out = format!("{}/{database}", &base[..path_start]);
        if let Some(q) = query {
            out.push('?');
            out.push_str(q);
        }
        Self { url: out, source: self.source }
    }
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseUrl({}, from {})", self.redacted(), self.source)
    }
}

/// The URL to connect to, or an error that says how to give one.
pub fn database_url(flag: Option<&str>) -> Result<DatabaseUrl> {
    if let Some(url) = flag {
        return Ok(DatabaseUrl { url: url.to_string(), source: "--database-url" });
    }
    if let Ok(url) = std::env::var("DATABASE_URL") {
        return Ok(DatabaseUrl { url, source: "DATABASE_URL" });
    }
    if let Some(url) = from_dotenv(Path::new(".env"))? {
        return Ok(DatabaseUrl { url, source: ".env" });
    }
    Err(ConnectError::NoUrl)
}

/// `DATABASE_URL` from a `.env` file: `KEY=value` lines, `export ` allowed, values
/// optionally quoted, `#` comments.
fn from_dotenv(path: &Path) -> Result<Option<String>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ConnectError::DotEnv { path: path.display().to_string(), source }),
    };
    for line in text.lines() {
        let line = line.trim();
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else { continue };
        if key.trim() != "DATABASE_URL" {
            continue;
        }
        let value = value.trim();
        let unquoted = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or_else(|| value.split(" #").next().unwrap_or(value).trim());
        return Ok(Some(unquoted.to_string()));
    }
    Ok(None)
}

/// A connection string with its password hidden: the URL form
/// (`postgres://user:secret@host`) and the key-value form (`password=secret`).
pub fn redact(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let hidden_query = hide_query_password(&rest[authority_end..]);
        if let Some(at) = rest[..authority_end].rfind('@') {
            let user = rest[..at].split(':').next().unwrap_or_default();
            let hidden = if rest[..at].contains(':') { format!("{user}:***") } else { user.to_string() };
            return format!("{}{hidden}{}{hidden_query}", &url[..scheme_end + 3], &rest[at..authority_end]);
        }
        return format!("{}{}{hidden_query}", &url[..scheme_end + 3], &rest[..authority_end]);
    }
    url.split_whitespace()
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn hide_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else { return tail.to_string() };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("password", _)) => "password=***".to_string(),
            _ => pair.to_string(),
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

/// What `sslmode` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tls {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// Takes `sslmode` and `sslrootcert` out of the connection string (the driver knows
/// only some `sslmode`s; sleet does the TLS part itself).
fn split_tls(url: &str) -> Result<(String, Tls, Option<String>), String> {
    let mut mode = None;
    let mut root = None;
    let mut take = |key: &str, value: &str| -> bool {
        match key {
            "sslmode" => mode = Some(value.to_string()),
            "sslrootcert" => root = Some(value.to_string()),
            _ => return false,
        }
        true
    };
    let rest = if url.contains("://") {
        match url.split_once('?') {
            Some((base, query)) => {
                let kept: Vec<&str> =
                    query.split('&').filter(|p| !p.split_once('=').is_some_and(|(k, v)| take(k, v))).collect();
                if kept.is_empty() {
                    base.to_string()
                } else {
                    format!("{base}?{}", kept.join("&"))
                }
            }
            None => url.to_string(),
        }
    } else {
        let kept: Vec<&str> =
            url.split_whitespace().filter(|p| !p.split_once('=').is_some_and(|(k, v)| take(k, v))).collect();
        kept.join(" ")
    };
    let tls = match mode.as_deref().unwrap_or("prefer") {
        "disable" => Tls::Disable,
        "allow" | "prefer" => Tls::Prefer,
        "require" if root.is_some() => Tls::VerifyCa, // as libpq: a root certificate means verify it
        "require" => Tls::Require,
        "verify-ca" => Tls::VerifyCa,
        "verify-full" => Tls::VerifyFull,
        other => {
            return Err(format!(
                "sslmode={other} is not one of disable, allow, prefer, require, verify-ca, verify-full"
            ))
        }
    };
    Ok((rest, tls, root))
}

/// Connects, with the connection driven on the current runtime.
pub async fn connect(url: &DatabaseUrl) -> Result<tokio_postgres::Client> {
    let shown = url.redacted();
    let bad = |reason: String| ConnectError::BadUrl { origin: url.source, shown: shown.clone(), reason };
    let (rest, tls, root) = split_tls(&url.url).map_err(bad)?;
    let mut config: tokio_postgres::Config = rest.parse().map_err(|e: tokio_postgres::Error| bad(e.to_string()))?;
    config.ssl_mode(match tls {
        Tls::Disable => SslMode::Disable,
        Tls::Prefer => SslMode::Prefer,
        _ => SslMode::Require,
    });
    let connected = if tls == Tls::Disable {
        config.connect(tokio_postgres::NoTls).await.map(|(client, conn)| {
            tokio::spawn(async move {
                let _ = conn.await;
            });
            client
        })
    } else {
        let tls_config =
            rustls_config(tls, root.as_deref()).map_err(|reason| ConnectError::Tls { shown: shown.clone(), reason })?;
        let connector = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config);
        config.connect(connector).await.map(|(client, conn)| {
            tokio::spawn(async move {
                let _ = conn.await;
            });
            client
        })
    };
    connected.map_err(|source| ConnectError::Connect { shown, origin: url.source, source })
}

/// rustls for the `sslmode`: certificates verified against `sslrootcert` (else the
/// webpki roots) for `verify-ca` and `verify-full`, the host name too for `verify-full`;
/// for `prefer` and `require`, encryption without verification, as libpq does.
fn rustls_config(tls: Tls, root: Option<&str>) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let mut roots = RootCertStore::empty();
    match root {
        Some(path) => {
            let pem = std::fs::read(path).map_err(|e| format!("cannot read sslrootcert {path}: {e}"))?;
            for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
                let cert = cert.map_err(|e| format!("sslrootcert {path} holds a malformed certificate: {e}"))?;
                roots.add(cert).map_err(|e| format!("sslrootcert {path}: {e}"))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let verifying = rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| e.to_string())?;
    let verifier: Arc<dyn ServerCertVerifier> = match tls {
        Tls::VerifyFull => verifying,
        Tls::VerifyCa => Arc::new(ChainOnly(verifying)),
        _ => Arc::new(Unverified(provider)),
    };
    Ok(builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth())
}

/// `verify-ca`: the chain must lead to a trusted root; the host name is not checked.
#[derive(Debug)]
struct ChainOnly(Arc<rustls::client::WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName))
            | Err(rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForNameContext { .. })) => {
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer` and `require`: encrypted, the certificate not verified (signatures still are).
#[derive(Debug)]
struct Unverified(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden_in_every_form() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/app?sslmode=require"),
            "postgres://app:***@db:5432/app?sslmode=require"
        );
        assert_eq!(redact("postgresql://app@db/app"), "postgresql://app@db/app");
        assert_eq!(redact("postgres://db/app?user=app&password=s3cret"), "postgres://db/app?user=app&password=***");
        assert_eq!(redact("host=db user=app password=s3cret dbname=app"), "host=db user=app password=*** dbname=app");
    }

    #[test]
    fn sslmode_is_taken_out_of_the_url() {
        let (rest, tls, root) =
            split_tls("postgres://a@h/db?sslmode=verify-full&sslrootcert=/ca.pem&application_name=x").unwrap();
        assert_eq!(
            (rest.as_str(), tls, root.as_deref()),
            ("postgres://a@h/db?application_name=x", Tls::VerifyFull, Some("/ca.pem"))
        );
        let (rest, tls, _) = split_tls("host=h sslmode=require dbname=db").unwrap();
        assert_eq!((rest.as_str(), tls), ("host=h dbname=db", Tls::Require));
        assert_eq!(split_tls("postgres://h/db").unwrap().1, Tls::Prefer);
        assert!(split_tls("postgres://h/db?sslmode=sometimes").unwrap_err().contains("sslmode=sometimes"));
    }

    #[test]
    fn dotenv_values_are_read_as_shells_write_them() {
        let dir = std::env::temp_dir().join(format!("sleet-dotenv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(".env");
        std::fs::write(&file, "# comment\nOTHER=1\nexport DATABASE_URL=\"postgres://a:b@h/db\"\n").unwrap();
        assert_eq!(from_dotenv(&file).unwrap().as_deref(), Some("postgres://a:b@h/db"));
        std::fs::write(&file, "DATABASE_URL=postgres://h/db # local\n").unwrap();
        assert_eq!(from_dotenv(&file).unwrap().as_deref(), Some("postgres://h/db"));
        assert_eq!(from_dotenv(&dir.join("missing")).unwrap(), None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
