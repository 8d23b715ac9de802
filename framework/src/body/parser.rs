//! [`BodyParser`]: custom request-body parsers, registered per media type in
//! [`BodyConfig`](super::BodyConfig).

use actix_web::HttpRequest;

/// A request-body parser for one or more media types.
///
/// `Body<T>` is generic over `T` but a registered parser is not, so a parser turns the body into
/// a self-describing [`serde_json::Value`] and `Body<T>` deserialises `T` from that: a parser
/// error answers **400** with its message, a value that does not fit `T` answers **422** naming
/// the field. The parser sees at most [`BodyConfig::parser_limit`](super::BodyConfig::parser_limit)
/// bytes (413 beyond), read within the body timeout.
///
/// ```
/// use rook::{Body, BodyConfig, BodyParser};
/// use actix_web::{web, App, HttpRequest, test};
///
/// /// `text/x-lines`: one string per line.
/// struct Lines;
///
/// impl BodyParser for Lines {
///     fn parse(&self, _req: &HttpRequest, body: &[u8])
///         -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
///         let text = std::str::from_utf8(body)?;
///         Ok(text.lines().collect::<Vec<_>>().into())
///     }
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(
///     App::new()
///         .app_data(BodyConfig::default().parser("text/x-lines", Lines))
///         .route("/", web::post().to(|lines: Body<Vec<String>>| async move {
///             lines.into_inner().join("+")
///         })),
/// ).await;
/// let req = test::TestRequest::post().uri("/")
///     .insert_header(("Content-Type", "text/x-lines"))
///     .set_payload("a\nb").to_request();
/// assert_eq!(test::call_and_read_body(&app, req).await, "a+b");
/// # });
/// ```
pub trait BodyParser: Send + Sync + 'static {
    /// Parses a whole body of the media type this parser was registered for.
    fn parse(
        &self,
        req: &HttpRequest,
        body: &[u8],
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>>;
}
