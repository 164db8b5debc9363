import { describe } from 'vitest';
import { cases } from './realworld-kit.js';

// Idioms from Laravel and Symfony applications, written fresh for these tests.

describe('real-world PHP: Laravel controller, routes and middleware', () => {
  const text = `<?php

namespace App\\Http\\Controllers;

use App\\Http\\Requests\\StorePostRequest;
use App\\Models\\Post;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\{Auth, Gate, Route};
use Illuminate\\Validation\\ValidationException;

class PostController extends Controller
{
    public function __construct()
    {
        $this->middleware('auth')->except(['index', 'show']);
        $this->middleware('throttle:60,1');
    }

    public function store(StorePostRequest $request)
    {
        $post = Post::create($request->validated());
        return response()->json($post, 201)->header('Location', route('posts.show', $post));
    }

    public function update(Request $request, Post $post)
    {
        $data = $request->validate(['title' => 'required|max:255']);
        Gate::authorize('update', $post);
        try {
            $post->update($data);
        } catch (\\Illuminate\\Database\\QueryException $e) {
            report($e);
            abort(500);
        }
        return response($post)->withHeaders(['X-Frame-Options' => 'DENY', 'Cache-Control' => 'no-store']);
    }

    public function destroy(string $id)
    {
        if (!ctype_digit($id)) {
            abort(404);
        }
        Post::findOrFail($id)->delete();
        return response()->noContent();
    }

    private static function apiKey(): string
    {
        return env('API_KEY', '') . getenv('API_SALT') . $_ENV['APP_PEPPER'] . $_SERVER['REGION'];
    }
}

Route::middleware(['auth:sanctum', 'verified'])->group(function () {
    Route::get('/dashboard', [DashboardController::class, 'index'])->middleware('can:view-dashboard');
});
Route::post('/posts', [PostController::class, 'store'])->middleware(EnsureTokenIsValid::class);
`;
  cases('app/Http/Controllers/PostController.php', text, [
    ['class_exists', { name: 'PostController' }, 'pass'],
    ['function_exists', { name: 'PostController::store' }, 'pass'],
    ['function_exists', { name: 'PostController.update' }, 'pass'],
    ['function_exists', { name: 'apiKey' }, 'pass'],
    ['function_exists', { name: '__construct' }, 'pass'],
    ['function_exists', { name: 'index' }, 'fail'],
    ['function_calls', { caller: 'store', callee: 'Post::create' }, 'pass'],
    ['function_calls', { caller: 'store', callee: 'validated' }, 'pass'],
    ['function_calls', { caller: 'update', callee: 'Gate::authorize' }, 'pass'],
    ['function_calls', { caller: 'destroy', callee: 'findOrFail' }, 'pass'],
    ['function_calls', { caller: 'destroy', callee: 'validate' }, 'fail'],
    ['parameter_validated', { function: 'store', parameter: 'request' }, 'pass'],
    ['parameter_validated', { function: 'update', parameter: 'request' }, 'pass'],
    ['parameter_validated', { function: 'destroy', parameter: 'id' }, 'pass'],
    ['parameter_validated', { function: 'destroy', parameter: '$id' }, 'pass'],
    ['error_handled', { function: 'update' }, 'pass'],
    ['error_handled', { function: 'update', exception: 'QueryException' }, 'pass'],
    ['error_handled', { function: 'update', exception: 'Illuminate\\Database\\QueryException' }, 'pass'],
    ['error_handled', { function: 'update', exception: 'ValidationException' }, 'fail'],
    ['error_handled', { function: 'store' }, 'fail'],
    ['import_present', { module: 'Illuminate\\Http\\Request' }, 'pass'],
    ['import_present', { module: 'Illuminate\\Http', name: 'Request' }, 'pass'],
    ['import_present', { module: 'Illuminate\\Support\\Facades', name: 'Gate' }, 'pass'],
    ['import_present', { module: 'Illuminate\\Support\\Facades', name: 'Cache' }, 'fail'],
    ['env_var_referenced', { variable: 'API_KEY' }, 'pass'],
    ['env_var_referenced', { variable: 'API_SALT' }, 'pass'],
    ['env_var_referenced', { variable: 'APP_PEPPER' }, 'pass'],
    ['env_var_referenced', { variable: 'APP_DEBUG' }, 'fail'],
    ['middleware_registered', { middleware: 'auth' }, 'pass'],
    ['middleware_registered', { middleware: 'throttle' }, 'pass'],
    ['middleware_registered', { middleware: 'auth:sanctum' }, 'pass'],
    ['middleware_registered', { middleware: 'verified' }, 'pass'],
    ['middleware_registered', { middleware: 'EnsureTokenIsValid' }, 'pass'],
    ['middleware_registered', { middleware: 'can' }, 'pass'],
    ['middleware_registered', { middleware: 'DashboardController' }, 'fail'],
    ['http_header_set', { header: 'Location' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'no-store' }, 'pass'],
    ['http_header_set', { header: 'Content-Security-Policy' }, 'fail'],
  ]);
});

describe('real-world PHP: Symfony controller with attributes and a plain script', () => {
  const text = `<?php

declare(strict_types=1);

namespace App\\Controller;

use Symfony\\Bundle\\FrameworkBundle\\Controller\\AbstractController;
use Symfony\\Component\\HttpFoundation\\{JsonResponse, Request, Response};
use Symfony\\Component\\Routing\\Attribute\\Route;
use Symfony\\Component\\Security\\Http\\Attribute\\IsGranted;

#[Route('/api/invoices', name: 'invoice_')]
#[IsGranted('ROLE_USER')]
final class InvoiceController extends AbstractController
{
    #[Route('/{id}', name: 'show', methods: ['GET'], requirements: ['id' => '\\d+'])]
    #[IsGranted('ROLE_ADMIN', subject: 'invoice')]
    public function show(int $id, Request $request): JsonResponse
    {
        $response = $this->json(['id' => $id]);
        $response->headers->set('X-Content-Type-Options', 'nosniff');
        $response->headers->set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
        return $response;
    }

    #[Route('', name: 'create', methods: ['POST'])]
    public function create(Request $request): Response
    {
        $payload = json_decode($request->getContent(), true, 512, JSON_THROW_ON_ERROR);
        if (!isset($payload['amount'])) {
            throw $this->createNotFoundException();
        }
        return new Response('', 201, ['X-Request-Id' => $request->headers->get('X-Request-Id')]);
    }
}

function export_report(string $path)
{
    return response()->download($path, 'report.csv', ['Content-Type' => 'text/csv']);
}

function show_pdf(string $path)
{
    return response()->file($path, ['X-Robots-Tag' => 'noindex']);
}

function send_legacy_headers(): void
{
    header('X-Frame-Options: SAMEORIGIN');
    header("Referrer-Policy: no-referrer", true);
}
`;
  cases('src/Controller/InvoiceController.php', text, [
    ['class_exists', { name: 'InvoiceController' }, 'pass'],
    ['function_exists', { name: 'InvoiceController::show' }, 'pass'],
    ['function_exists', { name: 'send_legacy_headers' }, 'pass'],
    ['decorator_present', { function: 'InvoiceController', decorator: 'IsGranted' }, 'pass'],
    ['decorator_present', { function: 'show', decorator: 'IsGranted' }, 'pass'],
    ['decorator_present', { function: 'show', decorator: 'Route' }, 'pass'],
    ['decorator_present', { function: 'create', decorator: 'Route' }, 'pass'],
    ['decorator_present', { function: 'create', decorator: 'IsGranted' }, 'fail'],
    ['parameter_validated', { function: 'create', parameter: 'request' }, 'pass'],
    ['parameter_validated', { function: 'show', parameter: 'id' }, 'fail'],
    ['function_calls', { caller: 'create', callee: 'json_decode' }, 'pass'],
    ['function_calls', { caller: 'create', callee: 'createNotFoundException' }, 'pass'],
    ['function_calls', { caller: 'show', callee: 'json' }, 'pass'],
    ['import_present', { module: 'Symfony\\Component\\HttpFoundation', name: 'JsonResponse' }, 'pass'],
    ['import_present', { module: 'Symfony\\Component\\Routing\\Attribute\\Route' }, 'pass'],
    ['import_present', { module: 'Symfony\\Component\\Routing', name: 'Route' }, 'pass'],
    ['import_present', { module: 'Symfony\\Component\\Routing', name: 'Router' }, 'fail'],
    ['http_header_set', { header: 'X-Content-Type-Options', value_pattern: 'nosniff' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security', value_pattern: 'includeSubDomains' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'SAMEORIGIN' }, 'pass'],
    ['http_header_set', { header: 'Referrer-Policy', value_pattern: 'no-referrer' }, 'pass'],
    ['http_header_set', { header: 'X-Request-Id' }, 'pass'],
    ['http_header_set', { header: 'Content-Type', value_pattern: 'text/csv' }, 'pass'],
    ['http_header_set', { header: 'X-Robots-Tag', value_pattern: 'noindex' }, 'pass'],
    ['http_header_set', { header: 'Permissions-Policy' }, 'fail'],
  ]);
});

describe('real-world PHP: Laravel middleware class and bootstrap', () => {
  const text = `<?php

use App\\Http\\Middleware\\EnsureApiKey;
use Illuminate\\Foundation\\Application;
use Illuminate\\Foundation\\Configuration\\Middleware;

class EnsureApiKeyMiddleware
{
    public function handle(Request $request, Closure $next): Response
    {
        $key = $request->header('X-Api-Key');
        if ($key !== config('services.api.key')) {
            abort(401, 'Invalid API key');
        }
        $response = $next($request);
        $response->headers->set('X-Frame-Options', 'DENY');
        $response->header('Referrer-Policy', 'same-origin');
        return $response;
    }
}

interface Gate { public function allows(string $ability): bool; }
trait HasTokens { public function tokens() { return $this->hasMany(Token::class); } }
enum Status: string { case Active = 'active'; }

return Application::configure(basePath: dirname(__DIR__))
    ->withMiddleware(function (Middleware $middleware) {
        $middleware->append(EnsureApiKey::class);
        $middleware->web(append: [HandleInertiaRequests::class]);
        $middleware->alias(['admin' => EnsureUserIsAdmin::class]);
        $middleware->validateCsrfTokens(except: ['stripe/*']);
    })
    ->withExceptions(function (Exceptions $exceptions) {
        $exceptions->render(function (NotFoundHttpException $e, Request $request) {
            return response()->json(['message' => 'not found'], 404);
        });
    })->create();
`;
  cases('bootstrap/app.php', text, [
    ['class_exists', { name: 'EnsureApiKeyMiddleware' }, 'pass'],
    ['class_exists', { name: 'Gate' }, 'pass'],
    ['class_exists', { name: 'HasTokens' }, 'pass'],
    ['class_exists', { name: 'Status' }, 'pass'],
    ['function_exists', { name: 'EnsureApiKeyMiddleware::handle' }, 'pass'],
    ['function_exists', { name: 'HasTokens.tokens' }, 'pass'],
    ['function_exists', { name: 'Gate::allows' }, 'fail'],
    ['parameter_validated', { function: 'handle', parameter: 'request' }, 'pass'],
    ['function_calls', { caller: 'handle', callee: 'next' }, 'pass'],
    ['function_calls', { caller: 'handle', callee: 'abort' }, 'pass'],
    ['middleware_registered', { middleware: 'EnsureApiKey' }, 'pass'],
    ['middleware_registered', { middleware: 'HandleInertiaRequests' }, 'pass'],
    ['middleware_registered', { middleware: 'EnsureUserIsAdmin' }, 'pass'],
    ['middleware_registered', { middleware: 'EnsureApiKeyMiddleware' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Referrer-Policy', value_pattern: 'same-origin' }, 'pass'],
    ['http_header_set', { header: 'X-Api-Key' }, 'fail'],
    ['import_present', { module: 'Illuminate\\Foundation\\Configuration\\Middleware' }, 'pass'],
    ['import_present', { module: 'App\\Http\\Middleware', name: 'EnsureApiKey' }, 'pass'],
  ]);
});

describe('real-world PHP: Symfony services reading the environment', () => {
  const text = `<?php

namespace App\\Service;

use Symfony\\Component\\DependencyInjection\\Attribute\\Autowire;

final class MailerFactory
{
    public function __construct(
        #[Autowire(env: 'MAILER_DSN')] private string $dsn,
        #[Autowire('%env(int:SMTP_PORT)%')] private int $port,
        #[Autowire('%kernel.project_dir%')] private string $dir,
        #[Autowire(service: 'env_loader')] private object $loader,
    ) {}
}
`;
  cases('src/Service/MailerFactory.php', text, [
    ['env_var_referenced', { variable: 'MAILER_DSN' }, 'pass'],
    ['env_var_referenced', { variable: 'SMTP_PORT' }, 'pass'],
    ['env_var_referenced', { variable: 'kernel.project_dir' }, 'fail'],
    ['env_var_referenced', { variable: 'env_loader' }, 'fail'],
    ['function_exists', { name: 'MailerFactory::__construct' }, 'pass'],
  ]);
});

describe('real-world PHP: Laravel 11 controller middleware() declaration', () => {
  const text = `<?php

namespace App\\Http\\Controllers;

use Illuminate\\Routing\\Controllers\\HasMiddleware;
use Illuminate\\Routing\\Controllers\\Middleware;

class UserController extends Controller implements HasMiddleware
{
    public static function middleware(): array
    {
        return [
            'auth',
            new Middleware('log', only: ['index']),
            new Middleware(EnsureTeamMember::class, except: ['show']),
        ];
    }

    public function index(): array
    {
        return ['verified'];
    }
}
`;
  cases('app/Http/Controllers/UserController.php', text, [
    ['middleware_registered', { middleware: 'auth' }, 'pass'],
    ['middleware_registered', { middleware: 'log' }, 'pass'],
    ['middleware_registered', { middleware: 'EnsureTeamMember' }, 'pass'],
    ['middleware_registered', { middleware: 'verified' }, 'fail'],
  ]);
});
