import { describe } from 'vitest';
import { cases } from './realworld-kit.js';

// Idioms from ASP.NET Core minimal APIs and MVC controllers, written fresh for these tests.

describe('real-world C#: minimal API Program.cs', () => {
  const text = `using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using static System.Environment;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
builder.Services.AddAuthorization();
var connection = Environment.GetEnvironmentVariable("DB_CONNECTION") ?? builder.Configuration["ConnectionStrings:Default"];
var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
    app.UseHsts();
}
app.UseHttpsRedirection();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<RequestLoggingMiddleware>();
app.Use(async (context, next) =>
{
    context.Response.Headers["X-Frame-Options"] = "DENY";
    context.Response.Headers.Append("X-Content-Type-Options", "nosniff");
    context.Response.Headers.Add("Referrer-Policy", "strict-origin");
    context.Response.Headers.ContentSecurityPolicy = "default-src 'self'";
    await next(context);
});

app.MapGet("/orders/{id:int}", [Authorize(Roles = "Admin")] async (int id, OrdersDb db) =>
    await db.Orders.FindAsync(id) is Order o ? Results.Ok(o) : Results.NotFound())
   .RequireAuthorization("AdminPolicy");

app.Run();

public class RequestLoggingMiddleware
{
    private readonly RequestDelegate _next;
    public RequestLoggingMiddleware(RequestDelegate next) => _next = next;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context);
        }
        catch (Exception ex) when (ex is OperationCanceledException)
        {
            context.Response.StatusCode = 499;
        }
    }
}
`;
  cases('src/Api/Program.cs', text, [
    ['class_exists', { name: 'RequestLoggingMiddleware' }, 'pass'],
    ['function_exists', { name: 'InvokeAsync' }, 'pass'],
    ['function_exists', { name: 'RequestLoggingMiddleware.RequestLoggingMiddleware' }, 'pass'],
    ['error_handled', { function: 'InvokeAsync', exception: 'OperationCanceledException' }, 'pass'],
    ['error_handled', { function: 'InvokeAsync', exception: 'IOException' }, 'fail'],
    ['function_calls', { caller: 'InvokeAsync', callee: '_next' }, 'pass'],
    ['middleware_registered', { middleware: 'Authentication' }, 'pass'],
    ['middleware_registered', { middleware: 'UseAuthorization' }, 'pass'],
    ['middleware_registered', { middleware: 'Hsts' }, 'pass'],
    ['middleware_registered', { middleware: 'HttpsRedirection' }, 'pass'],
    ['middleware_registered', { middleware: 'RequestLoggingMiddleware' }, 'pass'],
    ['middleware_registered', { middleware: 'Cors' }, 'fail'],
    ['middleware_registered', { middleware: 'JwtBearer' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'X-Content-Type-Options' }, 'pass'],
    ['http_header_set', { header: 'Referrer-Policy' }, 'pass'],
    ['http_header_set', { header: 'Content-Security-Policy', value_pattern: "default-src 'self'" }, 'pass'],
    ['http_header_set', { header: 'Permissions-Policy' }, 'fail'],
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'pass'],
    ['env_var_referenced', { variable: 'DB_CONNECTION' }, 'pass'],
    ['env_var_referenced', { variable: 'ConnectionStrings:Default' }, 'fail'],
    ['import_present', { module: 'Microsoft.AspNetCore.Authentication.JwtBearer' }, 'pass'],
    ['import_present', { module: 'Microsoft.AspNetCore' }, 'pass'],
    ['import_present', { module: 'System.Security.Claims', name: 'ClaimsPrincipal' }, 'pass'],
    ['import_present', { module: 'Microsoft.EntityFrameworkCore' }, 'fail'],
  ]);
});

describe('real-world C#: MVC controller with attributes', () => {
  const text = `using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Shop.Api.Controllers;

[ApiController]
[Route("api/[controller]")]
[Authorize]
public class ProductsController : ControllerBase
{
    private readonly IProductService _service;

    public ProductsController(IProductService service)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
    }

    [HttpGet("{id}")]
    [AllowAnonymous]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<ActionResult<ProductDto>> Get(int id)
    {
        var product = await _service.FindAsync(id);
        if (product is null) return NotFound();
        return product;
    }

    [HttpPost]
    [Authorize(Roles = "Admin,Manager", Policy = "CanWrite")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create([FromBody] CreateProductRequest request)
    {
        if (!ModelState.IsValid) return BadRequest(ModelState);
        try
        {
            var created = await _service.CreateAsync(request);
            return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
        }
        catch (DbUpdateException ex)
        {
            _logger.LogError(ex, "create failed");
            return Conflict();
        }
    }

    [HttpDelete("{id}"), Authorize(Policy = "Admin")]
    public IActionResult Delete(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        Response.Headers.Append("Cache-Control", "no-store");
        _service.Delete(id);
        return NoContent();
    }
}

public interface IProductService { Task<ProductDto?> FindAsync(int id); }
public record ProductDto(int Id, string Name);
public sealed record class CreateProductRequest(string Name);
public struct Money { public decimal Amount; }
`;
  cases('src/Api/Controllers/ProductsController.cs', text, [
    ['class_exists', { name: 'ProductsController' }, 'pass'],
    ['class_exists', { name: 'IProductService' }, 'pass'],
    ['class_exists', { name: 'ProductDto' }, 'pass'],
    ['class_exists', { name: 'CreateProductRequest' }, 'pass'],
    ['class_exists', { name: 'Money' }, 'pass'],
    ['function_exists', { name: 'ProductsController.Get' }, 'pass'],
    ['function_exists', { name: 'IProductService.FindAsync' }, 'fail'],
    ['decorator_present', { function: 'ProductsController', decorator: 'Authorize' }, 'pass'],
    ['decorator_present', { function: 'ProductsController', decorator: 'AuthorizeAttribute' }, 'pass'],
    ['decorator_present', { function: 'Create', decorator: 'Authorize' }, 'pass'],
    ['decorator_present', { function: 'Create', decorator: 'ValidateAntiForgeryToken' }, 'pass'],
    ['decorator_present', { function: 'Delete', decorator: 'Authorize' }, 'pass'],
    ['decorator_present', { function: 'Delete', decorator: 'HttpDelete' }, 'pass'],
    ['decorator_present', { function: 'Get', decorator: 'AllowAnonymous' }, 'pass'],
    ['decorator_present', { function: 'Get', decorator: 'Authorize' }, 'fail'],
    ['function_calls', { caller: 'Create', callee: 'CreateAsync' }, 'pass'],
    ['function_calls', { caller: 'Create', callee: '_service.CreateAsync' }, 'pass'],
    ['function_calls', { caller: 'Get', callee: 'CreateAsync' }, 'fail'],
    ['parameter_validated', { function: 'Create', parameter: 'request' }, 'pass'],
    ['parameter_validated', { function: 'Delete', parameter: 'id' }, 'pass'],
    ['parameter_validated', { function: 'ProductsController', parameter: 'service' }, 'pass'],
    ['parameter_validated', { function: 'Get', parameter: 'id' }, 'fail'],
    ['error_handled', { function: 'Create', exception: 'DbUpdateException' }, 'pass'],
    ['error_handled', { function: 'Get' }, 'fail'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'no-store' }, 'pass'],
    ['import_present', { module: 'Microsoft.AspNetCore.Authorization', name: 'Authorize' }, 'pass'],
  ]);
});

describe('real-world C#: middleware class, header constants and local functions', () => {
  const text = `using Microsoft.Net.Http.Headers;

namespace Shop.Api.Middleware
{
    public class SecurityHeadersMiddleware(RequestDelegate next, ILogger<SecurityHeadersMiddleware> logger)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            context.Response.Headers[HeaderNames.XFrameOptions] = "DENY";
            context.Response.Headers.Append(HeaderNames.StrictTransportSecurity, "max-age=31536000");
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.TryAdd("X-Permitted-Cross-Domain-Policies", "none");
                return Task.CompletedTask;
            });
            await next(context);
        }

        public static bool IsApiKeyValid(string? key) => key == Environment.GetEnvironmentVariable("API_KEY");

        private int Count(IEnumerable<int> xs)
        {
            return Sum();
            int Sum() => xs.Sum();
        }
    }

    public static class SecurityHeadersExtensions
    {
        public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
            => app.UseMiddleware<SecurityHeadersMiddleware>();
    }
}
`;
  cases('src/Api/Middleware/SecurityHeadersMiddleware.cs', text, [
    ['class_exists', { name: 'SecurityHeadersMiddleware' }, 'pass'],
    ['function_exists', { name: 'SecurityHeadersMiddleware.InvokeAsync' }, 'pass'],
    ['function_exists', { name: 'IsApiKeyValid' }, 'pass'],
    ['function_exists', { name: 'UseSecurityHeaders' }, 'pass'],
    ['function_exists', { name: 'Sum' }, 'pass'],
    ['function_calls', { caller: 'InvokeAsync', callee: 'next' }, 'pass'],
    ['function_calls', { caller: 'UseSecurityHeaders', callee: 'UseMiddleware' }, 'pass'],
    ['middleware_registered', { middleware: 'SecurityHeadersMiddleware' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'pass'],
    ['http_header_set', { header: 'X-Permitted-Cross-Domain-Policies' }, 'pass'],
    ['env_var_referenced', { variable: 'API_KEY' }, 'pass'],
    ['import_present', { module: 'Microsoft.Net.Http.Headers', name: 'HeaderNames' }, 'pass'],
  ]);
});

describe('real-world C#: generics, partial classes and extension methods', () => {
  const text = `namespace Shop.Core;

public partial class Repository<T> where T : class, IEntity
{
    public async Task<T?> GetAsync<TKey>(TKey id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return await _db.Set<T>().FindAsync(new object?[] { id }, ct);
    }

    public T this[int index] => _items[index];

    public override string ToString() => $"Repository<{typeof(T).Name}>";
}

public static class StringExtensions
{
    public static string Slugify(this string value) => value.ToLowerInvariant().Replace(' ', '-');
}

public abstract class Handler
{
    public abstract Task HandleAsync();
    protected virtual void OnError(Exception ex) { }
}
`;
  cases('src/Core/Repository.cs', text, [
    ['class_exists', { name: 'Repository' }, 'pass'],
    ['function_exists', { name: 'Repository.GetAsync' }, 'pass'],
    ['function_exists', { name: 'ToString' }, 'pass'],
    ['function_exists', { name: 'StringExtensions.Slugify' }, 'pass'],
    ['function_exists', { name: 'Handler.HandleAsync' }, 'fail'],
    ['function_exists', { name: 'Handler.OnError' }, 'pass'],
    ['function_calls', { caller: 'GetAsync', callee: 'FindAsync' }, 'pass'],
    ['function_calls', { caller: 'Slugify', callee: 'ToLowerInvariant' }, 'pass'],
    ['parameter_validated', { function: 'GetAsync', parameter: 'id' }, 'pass'],
  ]);
});

describe('real-world C#: endpoint filters on minimal API routes', () => {
  const text = `var api = app.MapGroup("/api").AddEndpointFilter(new AuditFilter()).RequireAuthorization();
api.MapPost("/orders", CreateOrder).AddEndpointFilter<ValidationFilter<CreateOrderRequest>>();
api.MapGet("/orders/{id}", GetOrder).WithName("GetOrder");
`;
  cases('src/Api/Endpoints.cs', text, [
    ['middleware_registered', { middleware: 'AuditFilter' }, 'pass'],
    ['middleware_registered', { middleware: 'ValidationFilter' }, 'pass'],
    ['middleware_registered', { middleware: 'GetOrder' }, 'fail'],
  ]);
});
