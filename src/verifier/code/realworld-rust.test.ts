import { describe } from 'vitest';
import { cases } from './realworld-kit.js';

// Idioms from Actix Web and Axum services, written fresh for these tests.

describe('real-world Rust: Actix Web', () => {
  const text = `use actix_web::{get, post, web, App, HttpRequest, HttpResponse, HttpServer, Responder, middleware::Logger};
use actix_web::http::header;
use serde::Deserialize;
use std::env;

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

pub enum AuthError {
    Missing,
    Expired,
}

#[get("/users/{id}")]
async fn get_user(path: web::Path<u32>, req: HttpRequest) -> impl Responder {
    let token = req.headers().get(header::AUTHORIZATION);
    if token.is_none() {
        return HttpResponse::Unauthorized().finish();
    }
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Frame-Options", "DENY"))
        .json(load_user(path.into_inner()))
}

#[post("/login")]
#[tracing::instrument(skip(form))]
async fn login(form: web::Json<LoginForm>) -> Result<HttpResponse, actix_web::Error> {
    let user = match verify(&form.username, &form.password) {
        Ok(u) => u,
        Err(AuthError::Expired) => return Ok(HttpResponse::Unauthorized().finish()),
        Err(e) => return Err(actix_web::error::ErrorBadRequest("bad credentials")),
    };
    Ok(HttpResponse::Ok().json(user))
}

fn load_user(id: u32) -> User {
    User { id }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = env::var("PORT").unwrap_or_else(|_| "8080".into()).parse().unwrap();
    let secret = std::env::var("SESSION_SECRET").expect("SESSION_SECRET must be set");
    HttpServer::new(move || {
        App::new()
            .wrap(Logger::default())
            .wrap(RequireAuth)
            .wrap(HttpAuthentication::bearer(validate_token))
            .wrap(actix_web::middleware::DefaultHeaders::new().add(("X-Content-Type-Options", "nosniff")))
            .service(get_user)
            .service(login)
    })
    .bind(("0.0.0.0", port))?
    .run()
    .await
}
`;
  cases('src/main.rs', text, [
    ['class_exists', { name: 'LoginForm' }, 'pass'],
    ['class_exists', { name: 'AuthError' }, 'pass'],
    ['function_exists', { name: 'get_user' }, 'pass'],
    ['function_exists', { name: 'main' }, 'pass'],
    ['decorator_present', { function: 'get_user', decorator: 'get' }, 'pass'],
    ['decorator_present', { function: 'get_user', decorator: 'post' }, 'fail'],
    ['decorator_present', { function: 'login', decorator: 'instrument' }, 'pass'],
    ['decorator_present', { function: 'main', decorator: 'main' }, 'pass'],
    ['decorator_present', { function: 'main', decorator: 'actix_web::main' }, 'pass'],
    ['decorator_present', { function: 'LoginForm', decorator: 'derive' }, 'pass'],
    ['function_calls', { caller: 'get_user', callee: 'load_user' }, 'pass'],
    ['function_calls', { caller: 'login', callee: 'verify' }, 'pass'],
    ['function_calls', { caller: 'main', callee: 'HttpServer::new' }, 'pass'],
    ['function_calls', { caller: 'load_user', callee: 'verify' }, 'fail'],
    ['error_handled', { function: 'login' }, 'pass'],
    ['error_handled', { function: 'login', exception: 'AuthError::Expired' }, 'pass'],
    ['error_handled', { function: 'main' }, 'pass'],
    ['error_handled', { function: 'get_user' }, 'fail'],
    ['parameter_validated', { function: 'login', parameter: 'form' }, 'pass'],
    ['parameter_validated', { function: 'get_user', parameter: 'req' }, 'pass'],
    ['parameter_validated', { function: 'load_user', parameter: 'id' }, 'fail'],
    ['import_present', { module: 'actix_web', name: 'HttpServer' }, 'pass'],
    ['import_present', { module: 'actix_web::middleware', name: 'Logger' }, 'pass'],
    ['import_present', { module: 'actix_web::http', name: 'header' }, 'pass'],
    ['import_present', { module: 'actix_web', name: 'Logger' }, 'pass'],
    ['import_present', { module: 'serde', name: 'Serialize' }, 'fail'],
    ['env_var_referenced', { variable: 'PORT' }, 'pass'],
    ['env_var_referenced', { variable: 'SESSION_SECRET' }, 'pass'],
    ['env_var_referenced', { variable: 'DATABASE_URL' }, 'fail'],
    ['middleware_registered', { middleware: 'Logger' }, 'pass'],
    ['middleware_registered', { middleware: 'RequireAuth' }, 'pass'],
    ['middleware_registered', { middleware: 'HttpAuthentication' }, 'pass'],
    ['middleware_registered', { middleware: 'validate_token' }, 'pass'],
    ['middleware_registered', { middleware: 'DefaultHeaders' }, 'pass'],
    ['middleware_registered', { middleware: 'get_user' }, 'fail'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'no-store' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'X-Content-Type-Options', value_pattern: 'nosniff' }, 'pass'],
    ['http_header_set', { header: 'Authorization' }, 'fail'],
  ]);
});

describe('real-world Rust: Axum with tower layers', () => {
  const text = `use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode, Request},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use tower_http::{cors::CorsLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer};

pub struct AppState {
    db: Pool,
}

impl AppState {
    pub async fn user(&self, id: i64) -> Result<User, sqlx::Error> {
        sqlx::query_as!(User, "select * from users where id = $1", id).fetch_one(&self.db).await
    }
}

async fn auth(req: Request<axum::body::Body>, next: Next) -> Result<Response, StatusCode> {
    let header = req.headers().get(header::AUTHORIZATION).and_then(|h| h.to_str().ok());
    match header {
        Some(token) if token_is_valid(token) => Ok(next.run(req).await),
        _ => Err(StatusCode::UNAUTHORIZED),
    }
}

async fn show_user(State(state): State<AppState>, Path(id): Path<i64>) -> impl IntoResponse {
    match state.user(id).await {
        Ok(user) => Json(user).into_response(),
        Err(sqlx::Error::RowNotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

pub fn app(state: AppState) -> Router {
    let secret = std::env::var("JWT_SECRET").unwrap();
    Router::new()
        .route("/users/:id", get(show_user))
        .route_layer(middleware::from_fn(auth))
        .layer(TraceLayer::new_for_http())
        .layer(CorsLayer::permissive())
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ))
        .with_state(state)
}
`;
  cases('src/routes.rs', text, [
    ['class_exists', { name: 'AppState' }, 'pass'],
    ['function_exists', { name: 'AppState::user' }, 'pass'],
    ['function_exists', { name: 'AppState.user' }, 'pass'],
    ['function_exists', { name: 'show_user' }, 'pass'],
    ['error_handled', { function: 'show_user' }, 'pass'],
    ['error_handled', { function: 'show_user', exception: 'RowNotFound' }, 'pass'],
    ['error_handled', { function: 'AppState.user' }, 'fail'],
    ['error_handled', { function: 'auth' }, 'fail'],
    ['function_calls', { caller: 'auth', callee: 'token_is_valid' }, 'pass'],
    ['function_calls', { caller: 'auth', callee: 'next.run' }, 'pass'],
    ['function_calls', { caller: 'AppState::user', callee: 'fetch_one' }, 'pass'],
    ['function_calls', { caller: 'app', callee: 'Router::new' }, 'pass'],
    ['function_calls', { caller: 'app', callee: 'show_user' }, 'fail'],
    ['parameter_validated', { function: 'auth', parameter: 'req' }, 'pass'],
    ['middleware_registered', { middleware: 'auth' }, 'pass'],
    ['middleware_registered', { middleware: 'TraceLayer' }, 'pass'],
    ['middleware_registered', { middleware: 'CorsLayer' }, 'pass'],
    ['middleware_registered', { middleware: 'SetResponseHeaderLayer' }, 'pass'],
    ['middleware_registered', { middleware: 'show_user' }, 'fail'],
    ['http_header_set', { header: 'Strict-Transport-Security', value_pattern: 'max-age=31536000' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options' }, 'fail'],
    ['env_var_referenced', { variable: 'JWT_SECRET' }, 'pass'],
    ['import_present', { module: 'axum', name: 'Router' }, 'pass'],
    ['import_present', { module: 'axum::extract', name: 'State' }, 'pass'],
    ['import_present', { module: 'axum::middleware', name: 'Next' }, 'pass'],
    ['import_present', { module: 'axum::middleware' }, 'pass'],
    ['import_present', { module: 'tower_http::cors', name: 'CorsLayer' }, 'pass'],
    ['import_present', { module: 'tower_http', name: 'CompressionLayer' }, 'fail'],
  ]);
});

describe('real-world Rust: extractors, trait impls and let-else', () => {
  const text = `use axum::{async_trait, extract::FromRequestParts, http::{request::Parts, StatusCode, HeaderMap, HeaderValue}};

pub struct AuthUser(pub String);

#[async_trait]
impl<S> FromRequestParts<S> for AuthUser
where
    S: Send + Sync,
{
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get("x-user") else {
            return Err(StatusCode::UNAUTHORIZED);
        };
        let user = value.to_str().map_err(|_| StatusCode::BAD_REQUEST)?;
        Ok(AuthUser(user.to_owned()))
    }
}

pub fn parse_port() -> u16 {
    let Ok(raw) = std::env::var("APP_PORT") else {
        return 8080;
    };
    if let Err(e) = raw.parse::<u16>() {
        eprintln!("bad port: {e}");
    }
    raw.parse().unwrap_or(8080)
}

pub fn security_headers(mut headers: HeaderMap) -> HeaderMap {
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert(axum::http::header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn rejects_missing_header() {
        assert_eq!(parse_port(), 8080);
    }
}
`;
  cases('src/auth.rs', text, [
    ['class_exists', { name: 'AuthUser' }, 'pass'],
    ['function_exists', { name: 'AuthUser::from_request_parts' }, 'pass'],
    ['function_exists', { name: 'tests::rejects_missing_header' }, 'pass'],
    ['decorator_present', { function: 'rejects_missing_header', decorator: 'test' }, 'pass'],
    ['decorator_present', { function: 'rejects_missing_header', decorator: 'tokio::test' }, 'pass'],
    ['function_calls', { caller: 'from_request_parts', callee: 'to_str' }, 'pass'],
    ['function_calls', { caller: 'parse_port', callee: 'parse' }, 'pass'],
    ['function_calls', { caller: 'parse_port', callee: 'std::env::var' }, 'pass'],
    ['error_handled', { function: 'from_request_parts' }, 'pass'],
    ['error_handled', { function: 'parse_port' }, 'pass'],
    ['error_handled', { function: 'security_headers' }, 'fail'],
    ['parameter_validated', { function: 'from_request_parts', parameter: 'parts' }, 'pass'],
    ['env_var_referenced', { variable: 'APP_PORT' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Referrer-Policy', value_pattern: 'no-referrer' }, 'pass'],
    ['import_present', { module: 'axum::http', name: 'HeaderMap' }, 'pass'],
    ['import_present', { module: 'axum::http::request', name: 'Parts' }, 'pass'],
  ]);
});

describe('real-world Rust: generic impls and trait defaults', () => {
  const text = `use std::fmt::Display;

pub struct Wrapper<T> { inner: T }

impl<T: Display> Wrapper<T> {
    pub fn show(&self) -> String { format!("{}", self.inner) }
}

pub trait Validate {
    fn validate(&self) -> Result<(), String>;
    fn is_valid(&self) -> bool { self.validate().is_ok() }
}

impl Validate for Vec<u8> {
    fn validate(&self) -> Result<(), String> {
        if self.is_empty() { return Err("empty".into()); }
        Ok(())
    }
}

impl<T> std::ops::Deref for Wrapper<T> {
    type Target = T;
    fn deref(&self) -> &T { &self.inner }
}
`;
  cases('src/wrapper.rs', text, [
    ['class_exists', { name: 'Wrapper' }, 'pass'],
    ['class_exists', { name: 'Validate' }, 'pass'],
    ['function_exists', { name: 'Wrapper::show' }, 'pass'],
    ['function_exists', { name: 'Wrapper.deref' }, 'pass'],
    ['function_exists', { name: 'Validate::is_valid' }, 'pass'],
    ['function_exists', { name: 'Vec::validate' }, 'pass'],
    ['function_calls', { caller: 'is_valid', callee: 'validate' }, 'pass'],
    ['function_calls', { caller: 'Wrapper::show', callee: 'format' }, 'pass'],
  ]);
});

describe('real-world Rust: clap options backed by the environment', () => {
  const text = `use clap::Parser;

#[derive(Parser, Debug)]
#[command(author, version, about)]
struct Args {
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    #[clap(short, long, env = "APP_PORT", default_value_t = 8080)]
    port: u16,
    /// Falls back to env LOG_LEVEL in the docs only
    #[arg(long, default_value = "info")]
    log_level: String,
}
`;
  cases('src/args.rs', text, [
    ['env_var_referenced', { variable: 'DATABASE_URL' }, 'pass'],
    ['env_var_referenced', { variable: 'APP_PORT' }, 'pass'],
    ['env_var_referenced', { variable: 'LOG_LEVEL' }, 'fail'],
    ['decorator_present', { function: 'Args', decorator: 'derive' }, 'pass'],
  ]);
});

describe('real-world Rust: axum responses carrying header arrays', () => {
  const text = `use axum::http::{header, StatusCode};
use axum::response::IntoResponse;

async fn download() -> impl IntoResponse {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/pdf"), (header::CACHE_CONTROL, "no-store")],
        bytes,
    )
}

fn query_pairs() -> Vec<(&'static str, &'static str)> {
    vec![("x-frame-options", "DENY")].into_iter().chain([("page", "1")]).collect()
}
`;
  cases('src/download.rs', text, [
    ['http_header_set', { header: 'Content-Type', value_pattern: 'application/pdf' }, 'pass'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: '^no-store$' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options' }, 'fail'],
    ['http_header_set', { header: 'page' }, 'fail'],
  ]);
});
