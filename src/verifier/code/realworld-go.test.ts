import { describe } from 'vitest';
import { cases } from './realworld-kit.js';

// Idioms from Gin, chi, Echo and net/http services, written fresh for these tests.

describe('real-world Go: net/http and chi middleware', () => {
  const text = `package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	jwt "github.com/golang-jwt/jwt/v5"
)

type Server struct {
	router *chi.Mux
	store  Store
}

type Store interface {
	User(ctx context.Context, id string) (*User, error)
}

type contextKey string

var ErrNotFound = errors.New("not found")

func NewServer(store Store) *Server {
	s := &Server{router: chi.NewRouter(), store: store}
	s.router.Use(middleware.RequestID)
	s.router.Use(secure.New(secure.Options{STSSeconds: 0, BrowserXssFilter: false, FrameDeny: true}).Handler)
	s.router.Use(middleware.Logger, middleware.Recoverer)
	s.router.With(s.requireAuth).Get("/users/{id}", s.handleGetUser)
	s.router.Group(func(r chi.Router) {
		r.Use(SecurityHeaders)
		r.Post("/login", s.handleLogin)
	})
	return s
}

func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Add("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		h := w.Header()
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

func (s *Server) requireAuth(next http.Handler) http.Handler {
	secret := []byte(os.Getenv("JWT_SECRET"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := r.Header.Get("Authorization")
		if raw == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		token, err := jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) { return secret, nil })
		if err != nil || !token.Valid {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), contextKey("user"), token)))
	})
}

func (s *Server) handleGetUser(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	user, err := s.store.User(r.Context(), id)
	if errors.Is(err, ErrNotFound) {
		http.NotFound(w, r)
		return
	} else if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(user)
}

func (s Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	port, ok := os.LookupEnv("PORT")
	_ = port
	_ = ok
}
`;
  cases('internal/server/server.go', text, [
    ['class_exists', { name: 'Server' }, 'pass'],
    ['class_exists', { name: 'Store' }, 'pass'],
    ['class_exists', { name: 'contextKey' }, 'pass'],
    ['function_exists', { name: 'NewServer' }, 'pass'],
    ['function_exists', { name: 'requireAuth' }, 'pass'],
    ['function_exists', { name: 'Server.requireAuth' }, 'pass'],
    ['function_exists', { name: 'Server.handleLogin' }, 'pass'],
    ['function_exists', { name: 'Store.User' }, 'fail'],
    ['function_exists', { name: 'server.NewServer' }, 'fail'],
    ['function_calls', { caller: 'Server.requireAuth', callee: 'jwt.Parse' }, 'pass'],
    ['function_calls', { caller: 'requireAuth', callee: 'ServeHTTP' }, 'pass'],
    ['function_calls', { caller: 'handleGetUser', callee: 'errors.Is' }, 'pass'],
    ['function_calls', { caller: 'handleGetUser', callee: 'store.User' }, 'pass'],
    ['function_calls', { caller: 'handleLogin', callee: 'Encode' }, 'fail'],
    ['error_handled', { function: 'handleGetUser' }, 'pass'],
    ['error_handled', { function: 'handleLogin' }, 'pass'],
    ['error_handled', { function: 'requireAuth' }, 'pass'],
    ['error_handled', { function: 'SecurityHeaders' }, 'fail'],
    ['error_handled', { function: 'handleGetUser', exception: 'ErrNotFound' }, 'pass'],
    ['parameter_validated', { function: 'handleLogin', parameter: 'r' }, 'pass'],
    ['parameter_validated', { function: 'handleGetUser', parameter: 'id' }, 'fail'],
    ['import_present', { module: 'github.com/go-chi/chi/v5' }, 'pass'],
    ['import_present', { module: 'github.com/go-chi/chi' }, 'pass'],
    ['import_present', { module: 'github.com/golang-jwt/jwt/v5' }, 'pass'],
    ['import_present', { module: 'net/http' }, 'pass'],
    ['import_present', { module: 'net' }, 'pass'],
    ['import_present', { module: 'github.com/gorilla/mux' }, 'fail'],
    ['env_var_referenced', { variable: 'JWT_SECRET' }, 'pass'],
    ['env_var_referenced', { variable: 'PORT' }, 'pass'],
    ['env_var_referenced', { variable: 'HOME' }, 'fail'],
    ['middleware_registered', { middleware: 'RequestID' }, 'pass'],
    ['middleware_registered', { middleware: 'middleware.Recoverer' }, 'pass'],
    ['middleware_registered', { middleware: 'requireAuth' }, 'pass'],
    ['middleware_registered', { middleware: 'SecurityHeaders' }, 'pass'],
    ['middleware_registered', { middleware: 'handleGetUser' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security', value_pattern: 'includeSubDomains' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security', value_pattern: '^max-age=0' }, 'fail'],
    ['http_header_set', { header: 'Referrer-Policy' }, 'pass'],
    ['http_header_set', { header: 'Content-Type' }, 'pass'],
    ['http_header_set', { header: 'Authorization' }, 'fail'],
  ]);
});

describe('real-world Go: Gin and Echo', () => {
  const text = `package main

import (
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	echomw "github.com/labstack/echo/v4/middleware"
)

func AuthRequired() gin.HandlerFunc {
	return func(c *gin.Context) {
		token := c.GetHeader("Authorization")
		if token == "" {
			c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": "unauthorized"})
			return
		}
		c.Header("X-Content-Type-Options", "nosniff")
		c.Next()
	}
}

func createAlbum(c *gin.Context) {
	var album Album
	if err := c.ShouldBindJSON(&album); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	c.Writer.Header().Set("Location", "/albums/"+album.ID)
	c.JSON(http.StatusCreated, album)
}

func main() {
	r := gin.Default()
	r.Use(gin.Recovery(), CORSMiddleware())
	authorized := r.Group("/admin", AuthRequired())
	authorized.POST("/albums", createAlbum)
	api := r.Group("/api")
	api.Use(RateLimit(10))

	e := echo.New()
	e.Use(echomw.Logger())
	e.Use(echomw.SecureWithConfig(echomw.SecureConfig{XFrameOptions: "DENY", HSTSMaxAge: 3600, ReferrerPolicy: ""}))
	public := e.Group("/public")
	public.GET("/ping", ping)
	e.GET("/", func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		return c.String(http.StatusOK, os.Getenv("GREETING"))
	})
	if err := r.Run(":" + os.Getenv("PORT")); err != nil {
		panic(err)
	}
}
`;
  cases('cmd/api/main.go', text, [
    ['function_exists', { name: 'AuthRequired' }, 'pass'],
    ['function_exists', { name: 'createAlbum' }, 'pass'],
    ['function_calls', { caller: 'AuthRequired', callee: 'AbortWithStatusJSON' }, 'pass'],
    ['function_calls', { caller: 'AuthRequired', callee: 'c.Next' }, 'pass'],
    ['function_calls', { caller: 'main', callee: 'gin.Default' }, 'pass'],
    ['function_calls', { caller: 'main', callee: 'createAlbum' }, 'fail'],
    ['error_handled', { function: 'createAlbum' }, 'pass'],
    ['error_handled', { function: 'main' }, 'pass'],
    ['error_handled', { function: 'AuthRequired' }, 'fail'],
    ['parameter_validated', { function: 'createAlbum', parameter: 'c' }, 'pass'],
    ['middleware_registered', { middleware: 'AuthRequired' }, 'pass'],
    ['middleware_registered', { middleware: 'CORSMiddleware' }, 'pass'],
    ['middleware_registered', { middleware: 'RateLimit' }, 'pass'],
    ['middleware_registered', { middleware: 'Recovery' }, 'pass'],
    ['middleware_registered', { middleware: 'Logger' }, 'pass'],
    ['middleware_registered', { middleware: 'SecureWithConfig' }, 'pass'],
    ['middleware_registered', { middleware: 'createAlbum' }, 'fail'],
    ['http_header_set', { header: 'X-Content-Type-Options' }, 'pass'],
    ['http_header_set', { header: 'Location' }, 'pass'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'no-store' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security', value_pattern: 'max-age=3600' }, 'pass'],
    ['http_header_set', { header: 'Referrer-Policy' }, 'fail'],
    ['middleware_registered', { middleware: 'ping' }, 'fail'],
    ['env_var_referenced', { variable: 'GREETING' }, 'pass'],
    ['env_var_referenced', { variable: 'PORT' }, 'pass'],
    ['import_present', { module: 'github.com/labstack/echo/v4/middleware' }, 'pass'],
    ['import_present', { module: 'github.com/gin-gonic/gin' }, 'pass'],
  ]);
});

describe('real-world Go: security options that turn a header off', () => {
  const text = `package main

import "github.com/unrolled/secure"

var secureMiddleware = secure.New(secure.Options{STSSeconds: 0, FrameDeny: true, ContentSecurityPolicy: ""})
`;
  cases('cmd/web/secure.go', text, [
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: 'DENY' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'fail'],
    ['http_header_set', { header: 'Content-Security-Policy' }, 'fail'],
  ]);
});

describe('real-world Go: net/http handler wrapping and typed errors', () => {
  const text = `package main

import (
	"errors"
	"log"
	"net/http"
	"os"
)

type apiError struct{ Code int }

func (e *apiError) Error() string { return "api" }

func withAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-API-Key") != os.Getenv("API_KEY") {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func logging(next http.Handler) http.Handler { return next }

func fetch(w http.ResponseWriter, r *http.Request) {
	err := doFetch(r.Context())
	var apiErr *apiError
	if errors.As(err, &apiErr) {
		w.Header()["X-Error-Code"] = []string{"upstream"}
		http.Error(w, "upstream", apiErr.Code)
		return
	}
}

func main() {
	mux := http.NewServeMux()
	mux.Handle("/admin/", withAuth(http.HandlerFunc(fetch)))
	mux.HandleFunc("/public", fetch)
	log.Fatal(http.ListenAndServe(":"+os.Getenv("PORT"), logging(mux)))
}
`;
  cases('cmd/server/main.go', text, [
    ['function_exists', { name: 'apiError.Error' }, 'pass'],
    ['middleware_registered', { middleware: 'withAuth' }, 'pass'],
    ['middleware_registered', { middleware: 'logging' }, 'pass'],
    ['middleware_registered', { middleware: 'fetch' }, 'fail'],
    ['middleware_registered', { middleware: 'NewServeMux' }, 'fail'],
    ['error_handled', { function: 'fetch' }, 'pass'],
    ['error_handled', { function: 'fetch', exception: 'apiError' }, 'pass'],
    ['http_header_set', { header: 'X-Error-Code' }, 'pass'],
    ['env_var_referenced', { variable: 'API_KEY' }, 'pass'],
  ]);
});

describe('real-world Go: outgoing requests are not responses', () => {
  const text = `package proxy

import "net/http"

func forward(w http.ResponseWriter, r *http.Request, target string) error {
	outReq, err := http.NewRequestWithContext(r.Context(), r.Method, target, r.Body)
	if err != nil {
		return err
	}
	outReq.Header.Set("X-Forwarded-For", r.RemoteAddr)
	upstream, _ := http.NewRequest("GET", target, nil)
	upstream.Header.Add("X-Api-Version", "2")
	w.Header().Set("Via", "proxy")
	_, err = http.DefaultClient.Do(outReq)
	return err
}
`;
  cases('internal/proxy/forward.go', text, [
    ['http_header_set', { header: 'Via' }, 'pass'],
    ['http_header_set', { header: 'X-Forwarded-For' }, 'fail'],
    ['http_header_set', { header: 'X-Api-Version' }, 'fail'],
    ['error_handled', { function: 'forward' }, 'pass'],
  ]);
});

describe('real-world Go: generics and embedded interfaces', () => {
  const text = `package store

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, error) {
	var zero T
	if len(s.items) == 0 {
		return zero, ErrEmpty
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, nil
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

type Cache[K comparable, V any] interface {
	Get(key K) (V, bool)
}
`;
  cases('pkg/store/stack.go', text, [
    ['class_exists', { name: 'Stack' }, 'pass'],
    ['class_exists', { name: 'Cache' }, 'pass'],
    ['function_exists', { name: 'Stack.Push' }, 'pass'],
    ['function_exists', { name: 'Stack.Pop' }, 'pass'],
    ['function_exists', { name: 'Map' }, 'pass'],
    ['function_exists', { name: 'Cache.Get' }, 'fail'],
    ['function_calls', { caller: 'Stack.Push', callee: 'append' }, 'pass'],
    ['function_calls', { caller: 'Map', callee: 'f' }, 'pass'],
    ['parameter_validated', { function: 'Map', parameter: 'xs' }, 'fail'],
  ]);
});

describe('real-world Go: header middleware from chi, Echo and gin-contrib', () => {
  const text = `package main

func routes() {
	r := chi.NewRouter()
	r.Use(middleware.SetHeader("X-Content-Type-Options", "nosniff"))
	e := echo.New()
	e.Use(middleware.Secure())
	g := gin.New()
	g.Use(secure.New(secure.Config{FrameDeny: true, STSSeconds: 315360000}))
}
`;
  cases('cmd/web/routes.go', text, [
    ['http_header_set', { header: 'X-Content-Type-Options', value_pattern: 'nosniff' }, 'pass'],
    ['http_header_set', { header: 'X-XSS-Protection', value_pattern: '1; mode=block' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: '^DENY$' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: '^SAMEORIGIN$' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security', value_pattern: 'max-age=315360000' }, 'pass'],
    ['http_header_set', { header: 'Content-Security-Policy' }, 'fail'],
  ]);
});

describe('real-world Go: sentinel errors, type switches and comma-ok', () => {
  const text = `package repo

func (r *Repo) Find(id int) (*User, error) {
	var u User
	if err := r.db.QueryRow(q, id).Scan(&u.ID); errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return &u, nil
}

func classify(err error) int {
	switch e := err.(type) {
	case *ValidationError:
		return 400
	default:
		_ = e
		return 500
	}
}

func lookup(m map[string]int, k string) int {
	v, ok := m[k]
	if !ok {
		return -1
	}
	return v
}
`;
  cases('internal/repo/find.go', text, [
    ['error_handled', { function: 'Repo.Find', exception: 'sql.ErrNoRows' }, 'pass'],
    ['error_handled', { function: 'Repo.Find', exception: 'ErrNoRows' }, 'pass'],
    ['error_handled', { function: 'classify', exception: 'ValidationError' }, 'pass'],
    ['error_handled', { function: 'classify', exception: 'NotFoundError' }, 'fail'],
    ['error_handled', { function: 'lookup' }, 'fail'],
  ]);
});
