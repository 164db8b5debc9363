import { describe, expect, it } from 'vitest';
import { run } from './testkit.js';

const mw = (file: string, text: string, middleware: string) => run('middleware_registered', file, text, { middleware });

async function registered(file: string, text: string, middleware: string, line?: number) {
  const r = await mw(file, text, middleware);
  expect(r.result, r.details).toBe('pass');
  expect(r.details).toContain(`registers ${middleware}`);
  if (line !== undefined) expect(r.evidence?.line, r.details).toBe(line);
}
async function notRegistered(file: string, text: string, middleware: string) {
  const r = await mw(file, text, middleware);
  expect(r.result, r.details).toBe('fail');
  expect(r.details).toMatch(/never registers|does not register/);
  return r;
}

describe('middleware_registered: Python (Django, Flask, FastAPI, Starlette)', () => {
  const settings = [
    'MIDDLEWARE = [',
    "    'django.middleware.security.SecurityMiddleware',",
    "    'corsheaders.middleware.CorsMiddleware',",
    "    # 'django.middleware.csrf.CsrfViewMiddleware',",
    ']',
    "MIDDLEWARE += ['app.middleware.AuditMiddleware']",
    "MIDDLEWARE.insert(0, 'whitenoise.middleware.WhiteNoiseMiddleware')",
    "INSTALLED_APPS = ['django.contrib.auth', 'app.middleware.NotMiddleware']",
  ].join('\n');
  it('Django MIDDLEWARE entries by last segment or whole path', async () => {
    await registered('settings.py', settings, 'SecurityMiddleware', 2);
    await registered('settings.py', settings, 'django.middleware.security.SecurityMiddleware', 2);
    await registered('settings.py', settings, 'CorsMiddleware', 3);
    await registered('settings.py', settings, 'AuditMiddleware', 6);
    await registered('settings.py', settings, 'WhiteNoiseMiddleware', 7);
  });
  it('commented entries, other settings and partial segments do not count', async () => {
    await notRegistered('settings.py', settings, 'CsrfViewMiddleware');
    await notRegistered('settings.py', settings, 'NotMiddleware');
    await notRegistered('settings.py', settings, 'Middleware');
    await notRegistered('settings.py', settings, 'security.Security');
  });

  const flask = [
    'app = Flask(__name__)',
    'app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)',
    '@app.before_request',
    'def check_auth():',
    '    pass',
    'app.after_request(add_security_headers)',
    '@bp.before_app_request',
    'def load_user(): pass',
    'def not_registered(): pass',
    '@app.route("/")',
    'def index(): pass',
  ].join('\n');
  it('Flask hooks in decorator and call form, WSGI wrapping', async () => {
    await registered('app.py', flask, 'check_auth', 3);
    await registered('app.py', flask, 'add_security_headers', 6);
    await registered('app.py', flask, 'load_user', 7);
    await registered('app.py', flask, 'ProxyFix', 2);
    await notRegistered('app.py', flask, 'not_registered');
    await notRegistered('app.py', flask, 'index');
  });

  const fastapi = [
    'from fastapi.middleware.cors import CORSMiddleware',
    'app = FastAPI(middleware=[Middleware(GZipMiddleware, minimum_size=500)])',
    'app.add_middleware(CORSMiddleware, allow_origins=["*"])',
    '@app.middleware("http")',
    'async def add_process_time(request, call_next):',
    '    return await call_next(request)',
    'TrustedHostMiddleware',
  ].join('\n');
  it('FastAPI add_middleware, middleware= lists and @app.middleware', async () => {
    await registered('main.py', fastapi, 'CORSMiddleware', 3);
    await registered('main.py', fastapi, 'GZipMiddleware', 2);
    await registered('main.py', fastapi, 'add_process_time', 4);
    const r = await notRegistered('main.py', fastapi, 'TrustedHostMiddleware');
    expect(r.details).toContain('mentions TrustedHostMiddleware at line 7');
  });
});

describe('middleware_registered: Go (Gin, chi, Echo)', () => {
  const go = [
    'package main',
    'func main() {',
    '  r := gin.New()',
    '  r.Use(gin.Logger(), gin.Recovery(), cors.Default())',
    '  r.GET("/admin", AuthRequired(), adminHandler)',
    '  m := chi.NewRouter()',
    '  m.Use(middleware.RequestID)',
    '  m.With(RateLimit).Get("/x", h)',
    '  e.Pre(middleware.RemoveTrailingSlash())',
    '  // r.Use(Csrf())',
    '  fmt.Println("r.Use(Secure())")',
    '}',
  ].join('\n');
  it('Use, With, Pre and route-level handlers', async () => {
    await registered('main.go', go, 'Logger', 4);
    await registered('main.go', go, 'gin.Recovery', 4);
    await registered('main.go', go, 'cors.Default', 4);
    await registered('main.go', go, 'AuthRequired', 5);
    await registered('main.go', go, 'RequestID', 7);
    await registered('main.go', go, 'RateLimit', 8);
    await registered('main.go', go, 'RemoveTrailingSlash', 9);
    await notRegistered('main.go', go, 'Csrf');
    await notRegistered('main.go', go, 'Secure');
  });
});

describe('middleware_registered: Java (Spring)', () => {
  const java = [
    'class WebConfig implements WebMvcConfigurer {',
    '  public void addInterceptors(InterceptorRegistry registry) {',
    '    registry.addInterceptor(new AuthInterceptor()).addPathPatterns("/api/**");',
    '  }',
    '  SecurityFilterChain chain(HttpSecurity http) {',
    '    http.addFilterBefore(new JwtAuthFilter(), UsernamePasswordAuthenticationFilter.class);',
    '    return http.build();',
    '  }',
    '  // registry.addInterceptor(new AuditInterceptor());',
    '}',
  ].join('\n');
  it('addInterceptor and addFilterBefore (not the anchor filter)', async () => {
    await registered('WebConfig.java', java, 'AuthInterceptor', 3);
    await registered('WebConfig.java', java, 'JwtAuthFilter', 6);
    await notRegistered('WebConfig.java', java, 'UsernamePasswordAuthenticationFilter');
    await notRegistered('WebConfig.java', java, 'AuditInterceptor');
  });
});

describe('middleware_registered: C# (ASP.NET Core)', () => {
  const cs = [
    'var app = builder.Build();',
    'app.UseHttpsRedirection();',
    'app.UseAuthentication();',
    'app.UseMiddleware<RequestLoggingMiddleware>();',
    'app.UseMiddleware(typeof(TenantMiddleware));',
    'builder.Services.AddControllers(o => o.Filters.Add<AuditFilter>());',
    '// app.UseAuthorization();',
    'var s = "app.UseCors()";',
  ].join('\n');
  it('UseX() as X or UseX, UseMiddleware<T>, filters', async () => {
    await registered('Program.cs', cs, 'Authentication', 3);
    await registered('Program.cs', cs, 'UseAuthentication', 3);
    await registered('Program.cs', cs, 'HttpsRedirection', 2);
    await registered('Program.cs', cs, 'RequestLoggingMiddleware', 4);
    await registered('Program.cs', cs, 'TenantMiddleware', 5);
    await registered('Program.cs', cs, 'AuditFilter', 6);
    await notRegistered('Program.cs', cs, 'Authorization');
    await notRegistered('Program.cs', cs, 'Cors');
  });
});

describe('middleware_registered: Ruby (Rails, Rack)', () => {
  const rb = [
    'class ApplicationController < ActionController::Base',
    '  before_action :authenticate_user!',
    '  prepend_before_action :set_tenant, only: [:show]',
    '  skip_before_action :verify_authenticity_token',
    '  def authorize_admin; end',
    'end',
    'Rails.application.config.middleware.use Rack::Attack',
    'config.middleware.insert_before 0, Rack::Cors do',
    'end',
    'use Rack::Deflater',
  ].join('\n');
  it('before_action (and prepend_ forms), middleware.use/insert_before, Rack use', async () => {
    await registered('app/controllers/application_controller.rb', rb, 'authenticate_user!', 2);
    await registered('app/controllers/application_controller.rb', rb, 'set_tenant', 3);
    await registered('app/controllers/application_controller.rb', rb, 'Rack::Attack', 7);
    await registered('app/controllers/application_controller.rb', rb, 'Attack', 7);
    await registered('app/controllers/application_controller.rb', rb, 'Rack::Cors', 8);
    await registered('config.ru.rb', rb, 'Deflater', 10);
  });
  it('skip_before_action and plain definitions are not registrations', async () => {
    await notRegistered('a.rb', rb, 'verify_authenticity_token');
    await notRegistered('a.rb', rb, 'authorize_admin');
    await notRegistered('a.rb', rb, 'authenticate_user');
  });
});

describe('middleware_registered: Rust (axum, actix)', () => {
  const rs = [
    'fn app() -> Router {',
    '    Router::new()',
    '        .route("/", get(root))',
    '        .layer(CorsLayer::permissive())',
    '        .layer(ServiceBuilder::new().layer(TraceLayer::new_for_http()).layer(CompressionLayer::new()))',
    '        .route_layer(middleware::from_fn(require_auth))',
    '}',
    'fn main() { App::new().wrap(Logger::default()).wrap(tower_http::timeout::TimeoutLayer::new(d)); }',
    '// .layer(CsrfLayer::new())',
  ].join('\n');
  it('.layer(X), X::new(), nested ServiceBuilder, from_fn, .wrap', async () => {
    await registered('src/main.rs', rs, 'CorsLayer', 4);
    await registered('src/main.rs', rs, 'TraceLayer', 5);
    await registered('src/main.rs', rs, 'CompressionLayer', 5);
    await registered('src/main.rs', rs, 'require_auth', 6);
    await registered('src/main.rs', rs, 'Logger', 8);
    await registered('src/main.rs', rs, 'TimeoutLayer', 8);
    await notRegistered('src/main.rs', rs, 'CsrfLayer');
    await notRegistered('src/main.rs', rs, 'root');
  });
});

describe('middleware_registered: PHP (Laravel, Slim)', () => {
  const kernel = [
    '<?php',
    'class Kernel extends HttpKernel {',
    '    protected $middleware = [',
    '        \\App\\Http\\Middleware\\TrustProxies::class,',
    '        \\Illuminate\\Http\\Middleware\\HandleCors::class,',
    '    ];',
    '    protected $middlewareGroups = [',
    "        'web' => [\\App\\Http\\Middleware\\EncryptCookies::class],",
    '    ];',
    '    protected $routeMiddleware = [',
    "        'auth' => \\App\\Http\\Middleware\\Authenticate::class,",
    "        'verified' => EnsureEmailIsVerified::class,",
    '    ];',
    '    protected $commands = [SomeCommand::class];',
    '}',
    "Route::get('/profile', [ProfileController::class, 'show'])->middleware(['auth', 'throttle:60,1']);",
    "Route::get('/x', fn () => 1)->withoutMiddleware('csrf');",
  ].join('\n');
  it('$middleware arrays, groups, aliases and ->middleware() with the alias mapped in the file', async () => {
    await registered('app/Http/Kernel.php', kernel, 'TrustProxies', 4);
    await registered('app/Http/Kernel.php', kernel, 'App\\Http\\Middleware\\TrustProxies', 4);
    await registered('app/Http/Kernel.php', kernel, 'HandleCors', 5);
    await registered('app/Http/Kernel.php', kernel, 'EncryptCookies', 8);
    await registered('app/Http/Kernel.php', kernel, 'throttle', 16);
    const r = await mw('app/Http/Kernel.php', kernel, 'EnsureEmailIsVerified');
    expect(r.result).toBe('pass');
  });
  it('->middleware(alias) passes for the class mapped to it', async () => {
    const routes = [
      '<?php',
      "$router->aliasMiddleware('admin', EnsureAdmin::class);",
      "Route::middleware('admin')->group(function () {});",
    ].join('\n');
    const r = await mw('routes/web.php', routes, 'EnsureAdmin');
    expect(r.result).toBe('pass');
  });
  it('withoutMiddleware and unrelated arrays do not count', async () => {
    await notRegistered('app/Http/Kernel.php', kernel, 'csrf');
    await notRegistered('app/Http/Kernel.php', kernel, 'SomeCommand');
    await notRegistered('app/Http/Kernel.php', kernel, 'ProfileController');
  });

  const laravel11 = [
    '<?php',
    'return Application::configure(basePath: dirname(__DIR__))',
    '    ->withMiddleware(function (Middleware $middleware) {',
    '        $middleware->append(EnsureTokenIsValid::class);',
    '        $middleware->web(append: [HandleInertiaRequests::class]);',
    "        $middleware->alias(['subscribed' => EnsureUserIsSubscribed::class]);",
    '    })->create();',
    '$app->add(new SlimCsrfGuard());',
  ].join('\n');
  it('Laravel 11 $middleware->append/web(append:)/alias and Slim $app->add', async () => {
    await registered('bootstrap/app.php', laravel11, 'EnsureTokenIsValid', 4);
    await registered('bootstrap/app.php', laravel11, 'HandleInertiaRequests', 5);
    await registered('bootstrap/app.php', laravel11, 'EnsureUserIsSubscribed', 6);
    await registered('bootstrap/app.php', laravel11, 'SlimCsrfGuard', 8);
  });
});

describe('middleware_registered: files', () => {
  it('unsupported language is skipped', async () => {
    const r = await mw('nginx.conf', 'use cors;', 'cors');
    expect(r.result).toBe('skipped');
    expect(r.details).toContain('language not supported');
  });
});
