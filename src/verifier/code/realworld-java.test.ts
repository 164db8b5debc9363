import { describe } from 'vitest';
import { cases } from './realworld-kit.js';

// Idioms from Spring Boot services, written fresh for these tests.

describe('real-world Java: Spring MVC controller with method security', () => {
  const text = `package com.example.orders.web;

import com.example.orders.service.OrderService;
import jakarta.validation.Valid;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;
import static org.springframework.http.HttpStatus.NOT_FOUND;

@RestController
@RequestMapping("/api/orders")
@Validated
public class OrderController {
    private final OrderService orderService;

    @Value("\${app.max-items:50}")
    private int maxItems;

    public OrderController(OrderService orderService) {
        this.orderService = orderService;
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN') or #id == authentication.principal.id")
    public ResponseEntity<OrderDto> get(@PathVariable Long id, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        return orderService.find(id)
            .map(ResponseEntity::ok)
            .orElseThrow(() -> new ResponseStatusException(NOT_FOUND));
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public OrderDto create(@Valid @RequestBody CreateOrderRequest request) {
        try {
            return orderService.create(request);
        } catch (DuplicateKeyException | DataIntegrityViolationException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @DeleteMapping("/{id}")
    @org.springframework.security.access.annotation.Secured("ROLE_ADMIN")
    public void delete(@PathVariable("id") String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id required");
        }
        orderService.delete(id);
    }

    @ExceptionHandler(OrderNotFoundException.class)
    public ResponseEntity<String> notFound(OrderNotFoundException ex) {
        return ResponseEntity.status(404).header("X-Error", "order").body(ex.getMessage());
    }
}
`;
  cases('src/main/java/com/example/orders/web/OrderController.java', text, [
    ['class_exists', { name: 'OrderController' }, 'pass'],
    ['function_exists', { name: 'OrderController.get' }, 'pass'],
    ['function_exists', { name: 'create' }, 'pass'],
    ['function_exists', { name: 'OrderController.OrderController' }, 'pass'],
    ['function_exists', { name: 'update' }, 'fail'],
    ['decorator_present', { function: 'get', decorator: 'PreAuthorize' }, 'pass'],
    ['decorator_present', { function: 'get', decorator: 'GetMapping' }, 'pass'],
    ['decorator_present', { function: 'delete', decorator: 'Secured' }, 'pass'],
    ['decorator_present', { function: 'delete', decorator: 'PreAuthorize' }, 'fail'],
    ['decorator_present', { function: 'OrderController', decorator: 'RestController' }, 'pass'],
    ['decorator_present', { function: 'create', decorator: 'RestController' }, 'fail'],
    ['decorator_present', { function: 'create', decorator: 'ResponseStatus' }, 'pass'],
    ['function_calls', { caller: 'get', callee: 'orderService.find' }, 'pass'],
    ['function_calls', { caller: 'delete', callee: 'delete' }, 'pass'],
    ['function_calls', { caller: 'create', callee: 'find' }, 'fail'],
    ['parameter_validated', { function: 'create', parameter: 'request' }, 'pass'],
    ['parameter_validated', { function: 'delete', parameter: 'id' }, 'pass'],
    ['parameter_validated', { function: 'get', parameter: 'id' }, 'fail'],
    ['error_handled', { function: 'create' }, 'pass'],
    ['error_handled', { function: 'create', exception: 'DataIntegrityViolationException' }, 'pass'],
    ['error_handled', { function: 'create', exception: 'IOException' }, 'fail'],
    ['error_handled', { function: 'delete' }, 'fail'],
    ['error_handled', { function: 'OrderController', exception: 'OrderNotFoundException' }, 'pass'],
    ['import_present', { module: 'org.springframework.security.access.prepost', name: 'PreAuthorize' }, 'pass'],
    ['import_present', { module: 'org.springframework.web.bind.annotation', name: 'GetMapping' }, 'pass'],
    ['import_present', { module: 'jakarta.validation', name: 'Valid' }, 'pass'],
    ['import_present', { module: 'org.springframework.http.HttpStatus', name: 'NOT_FOUND' }, 'pass'],
    ['import_present', { module: 'javax.validation' }, 'fail'],
    ['import_present', { module: 'org.springframework.security', name: 'PreAuthorize' }, 'pass'],
    ['import_present', { module: 'org.springframework.security', name: 'prepost' }, 'fail'],
    ['env_var_referenced', { variable: 'app.max-items' }, 'pass'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'no-store' }, 'pass'],
    ['http_header_set', { header: 'X-Error' }, 'pass'],
    ['http_header_set', { header: 'Pragma' }, 'fail'],
  ]);
});

describe('real-world Java: Spring Security configuration', () => {
  const text = `package com.example.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
@EnableWebSecurity
@EnableMethodSecurity(prePostEnabled = true)
public class SecurityConfig implements WebMvcConfigurer {

    private final String issuer = System.getenv("OIDC_ISSUER");

    @Bean
    public SecurityFilterChain filterChain(HttpSecurity http, JwtAuthFilter jwtAuthFilter) throws Exception {
        http
            .csrf(csrf -> csrf.disable())
            .authorizeHttpRequests(auth -> auth
                .requestMatchers("/actuator/health").permitAll()
                .anyRequest().authenticated())
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .headers(headers -> headers
                .frameOptions(frame -> frame.deny())
                .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'"))
                .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(31536000)))
            .addFilterBefore(jwtAuthFilter, UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    public FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> bean = new FilterRegistrationBean<>(new RequestIdFilter());
        bean.addUrlPatterns("/api/*");
        return bean;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RateLimitInterceptor()).addPathPatterns("/api/**");
    }

    public interface TokenSource { String token(); }
    public record Credentials(String user, String password) {}
    public enum Mode { STRICT, LAX }
}
`;
  cases('src/main/java/com/example/config/SecurityConfig.java', text, [
    ['class_exists', { name: 'SecurityConfig' }, 'pass'],
    ['class_exists', { name: 'SecurityConfig.TokenSource' }, 'pass'],
    ['class_exists', { name: 'Credentials' }, 'pass'],
    ['class_exists', { name: 'Mode' }, 'pass'],
    ['function_exists', { name: 'filterChain' }, 'pass'],
    ['function_exists', { name: 'TokenSource.token' }, 'fail'],
    ['decorator_present', { function: 'filterChain', decorator: 'Bean' }, 'pass'],
    ['decorator_present', { function: 'SecurityConfig', decorator: 'EnableWebSecurity' }, 'pass'],
    ['decorator_present', { function: 'SecurityConfig', decorator: 'EnableMethodSecurity' }, 'pass'],
    ['decorator_present', { function: 'addInterceptors', decorator: 'Override' }, 'pass'],
    ['decorator_present', { function: 'addInterceptors', decorator: 'Bean' }, 'fail'],
    ['function_calls', { caller: 'filterChain', callee: 'authorizeHttpRequests' }, 'pass'],
    ['function_calls', { caller: 'filterChain', callee: 'authenticated' }, 'pass'],
    ['function_calls', { caller: 'filterChain', callee: 'disable' }, 'pass'],
    ['function_calls', { caller: 'addInterceptors', callee: 'build' }, 'fail'],
    ['middleware_registered', { middleware: 'jwtAuthFilter' }, 'pass'],
    ['middleware_registered', { middleware: 'RateLimitInterceptor' }, 'pass'],
    ['middleware_registered', { middleware: 'RequestIdFilter' }, 'pass'],
    ['middleware_registered', { middleware: 'UsernamePasswordAuthenticationFilter' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Content-Security-Policy', value_pattern: "default-src 'self'" }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security', value_pattern: 'max-age=31536000' }, 'pass'],
    ['env_var_referenced', { variable: 'OIDC_ISSUER' }, 'pass'],
    ['import_present', { module: 'org.springframework.security.web', name: 'SecurityFilterChain' }, 'pass'],
  ]);
});

describe('real-world Java: servlet filter, headers and interfaces', () => {
  const text = `package com.example.web;

import jakarta.servlet.*;
import jakarta.servlet.http.*;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import java.io.IOException;

@Component
@Order(1)
public class SecurityHeadersFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader("Authorization");
        if (token == null || !token.startsWith("Bearer ")) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        response.addHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        chain.doFilter(request, response);
    }

    public ResponseEntity<byte[]> download(String name) {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Content-Disposition", "attachment; filename=report.pdf");
        return ResponseEntity.ok().headers(headers).header("X-Report", "1").body(new byte[0]);
    }

    interface Auditor {
        void audit(String event);
        default String prefix() { return System.getenv().getOrDefault("AUDIT_PREFIX", "app"); }
    }

    static String load(String path) {
        try (var in = Files.newInputStream(Path.of(path))) {
            return new String(in.readAllBytes());
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
`;
  cases('src/main/java/com/example/web/SecurityHeadersFilter.java', text, [
    ['function_exists', { name: 'doFilterInternal' }, 'pass'],
    ['function_exists', { name: 'Auditor.prefix' }, 'pass'],
    ['function_exists', { name: 'Auditor.audit' }, 'fail'],
    ['function_exists', { name: 'SecurityHeadersFilter.load' }, 'pass'],
    ['decorator_present', { function: 'doFilterInternal', decorator: 'Override' }, 'pass'],
    ['decorator_present', { function: 'SecurityHeadersFilter', decorator: 'Component' }, 'pass'],
    ['parameter_validated', { function: 'doFilterInternal', parameter: 'request' }, 'pass'],
    ['function_calls', { caller: 'doFilterInternal', callee: 'chain.doFilter' }, 'pass'],
    ['function_calls', { caller: 'doFilterInternal', callee: 'sendError' }, 'pass'],
    ['error_handled', { function: 'load', exception: 'NoSuchFileException' }, 'pass'],
    ['error_handled', { function: 'load', exception: 'IOException' }, 'pass'],
    ['error_handled', { function: 'doFilterInternal' }, 'fail'],
    ['http_header_set', { header: 'X-Content-Type-Options', value_pattern: 'nosniff' }, 'pass'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'no-store' }, 'pass'],
    ['http_header_set', { header: 'Content-Disposition' }, 'pass'],
    ['http_header_set', { header: 'X-Report' }, 'pass'],
    ['http_header_set', { header: 'Authorization' }, 'fail'],
    ['env_var_referenced', { variable: 'AUDIT_PREFIX' }, 'pass'],
    ['import_present', { module: 'jakarta.servlet.http', name: 'HttpServletRequest' }, 'pass'],
    ['import_present', { module: 'jakarta.servlet', name: 'FilterChain' }, 'pass'],
  ]);
});

describe('real-world Java: generics, nested types and records', () => {
  const text = `package com.example.core;

public final class Result<T> {
    public static <T> Result<T> ok(T value) { return new Result<>(value, null); }

    public <R> Result<R> map(java.util.function.Function<? super T, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn");
        return error == null ? ok(fn.apply(value)) : (Result<R>) this;
    }

    public record Page<E>(java.util.List<E> items, int total) {
        public Page {
            if (total < 0) throw new IllegalArgumentException("total");
        }
        public boolean isEmpty() { return items.isEmpty(); }
    }

    public static class Builder {
        public Builder withValue(Object v) { return this; }
    }
}
`;
  cases('src/main/java/com/example/core/Result.java', text, [
    ['class_exists', { name: 'Result' }, 'pass'],
    ['class_exists', { name: 'Result.Page' }, 'pass'],
    ['class_exists', { name: 'Builder' }, 'pass'],
    ['function_exists', { name: 'Result.ok' }, 'pass'],
    ['function_exists', { name: 'Result.map' }, 'pass'],
    ['function_exists', { name: 'Page.isEmpty' }, 'pass'],
    ['function_exists', { name: 'Result.Builder.withValue' }, 'pass'],
    ['function_calls', { caller: 'map', callee: 'fn.apply' }, 'pass'],
    ['function_calls', { caller: 'map', callee: 'ok' }, 'pass'],
    ['parameter_validated', { function: 'map', parameter: 'fn' }, 'pass'],
  ]);
});
