import { describe } from 'vitest';
import { cases } from './realworld-kit.js';

// Idioms from Flask, FastAPI and Django projects, written fresh for these tests.

describe('real-world Python: FastAPI routers and dependencies', () => {
  const text = `import os
from typing import Annotated
from fastapi import APIRouter, Depends, HTTPException, status, Header
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel
from .deps import get_current_user

router = APIRouter(prefix="/orders", tags=["orders"])
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
SECRET_KEY = os.environ["JWT_SECRET"]
DEBUG = os.getenv("APP_DEBUG", "0") == "1"
db_url = os.environ.get('DATABASE_URL')

class OrderIn(BaseModel):
    sku: str
    qty: int

@router.get("/{order_id}", response_model=OrderIn, dependencies=[Depends(get_current_user)])
async def read_order(order_id: int, user=Depends(get_current_user)):
    order = await load(order_id)
    if order is None:
        raise HTTPException(status_code=404, detail="not found")
    return order

@router.post("/", status_code=status.HTTP_201_CREATED)
async def create_order(payload: OrderIn, token: Annotated[str, Depends(oauth2_scheme)]):
    try:
        return await save(payload)
    except (ValueError, KeyError) as exc:
        raise HTTPException(400) from exc

async def verify_token(x_token: str = Header()):
    if x_token != SECRET_KEY:
        raise HTTPException(status_code=401, detail="bad token")

def paginate(limit: int = 10):
    if limit > 100:
        return {"error": "too big"}, 400
    return limit
`;
  cases('app/routers/orders.py', text, [
    ['function_exists', { name: 'read_order' }, 'pass'],
    ['function_exists', { name: 'create_order' }, 'pass'],
    ['function_exists', { name: 'get_current_user' }, 'fail'],
    ['class_exists', { name: 'OrderIn' }, 'pass'],
    ['decorator_present', { function: 'read_order', decorator: 'router.get' }, 'pass'],
    ['decorator_present', { function: 'read_order', decorator: 'get' }, 'pass'],
    ['decorator_present', { function: 'read_order', decorator: 'router.post' }, 'fail'],
    ['decorator_present', { function: 'create_order', decorator: 'post' }, 'pass'],
    ['decorator_present', { function: 'verify_token', decorator: 'get' }, 'fail'],
    ['function_calls', { caller: 'read_order', callee: 'load' }, 'pass'],
    ['function_calls', { caller: 'read_order', callee: 'HTTPException' }, 'pass'],
    ['function_calls', { caller: 'create_order', callee: 'save' }, 'pass'],
    ['function_calls', { caller: 'create_order', callee: 'load' }, 'fail'],
    ['parameter_validated', { function: 'create_order', parameter: 'payload' }, 'pass'],
    ['parameter_validated', { function: 'verify_token', parameter: 'x_token' }, 'pass'],
    ['parameter_validated', { function: 'read_order', parameter: 'user' }, 'fail'],
    ['parameter_validated', { function: 'paginate', parameter: 'limit' }, 'pass'],
    ['error_handled', { function: 'create_order' }, 'pass'],
    ['error_handled', { function: 'create_order', exception: 'KeyError' }, 'pass'],
    ['error_handled', { function: 'create_order', exception: 'TypeError' }, 'fail'],
    ['error_handled', { function: 'read_order' }, 'fail'],
    ['import_present', { module: 'fastapi' }, 'pass'],
    ['import_present', { module: 'fastapi', name: 'Depends' }, 'pass'],
    ['import_present', { module: 'fastapi.security', name: 'OAuth2PasswordBearer' }, 'pass'],
    ['import_present', { module: 'fastapi', name: 'OAuth2PasswordBearer' }, 'pass'],
    ['import_present', { module: 'fastapi', name: 'BaseModel' }, 'fail'],
    ['import_present', { module: 'typing', name: 'Annotated' }, 'pass'],
    ['import_present', { module: '.deps', name: 'get_current_user' }, 'pass'],
    ['import_present', { module: 'app.routers.deps', name: 'get_current_user' }, 'pass'],
    ['env_var_referenced', { variable: 'JWT_SECRET' }, 'pass'],
    ['env_var_referenced', { variable: 'APP_DEBUG' }, 'pass'],
    ['env_var_referenced', { variable: 'DATABASE_URL' }, 'pass'],
    ['env_var_referenced', { variable: 'SECRET_KEY' }, 'fail'],
  ]);
});

describe('real-world Python: Flask blueprints, hooks and headers', () => {
  const text = `from functools import wraps
from flask import Blueprint, request, abort, g, current_app, make_response
from flask_login import login_required, current_user
from flask_cors import CORS
from flask_talisman import Talisman
import os

bp = Blueprint("admin", __name__, url_prefix="/admin")
Talisman(app, force_https=True)
CORS(app, resources={r"/api/*": {"origins": "*"}})
app.register_blueprint(bp)
limiter = Limiter(get_remote_address, app=app)
csrf = CSRFProtect()
csrf.init_app(app)
sess.init_app(other)
Migrate(app, db)
app.secret_key = os.environ.get("FLASK_SECRET_KEY") or "dev"

def admin_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    return wrapped

@bp.route("/users/<int:user_id>", methods=["DELETE"])
@login_required
@admin_required
def delete_user(user_id):
    user = User.query.get_or_404(user_id)
    db.session.delete(user)
    db.session.commit()
    return "", 204

@bp.before_app_request
def load_user():
    g.user = current_user

@bp.after_request
def set_headers(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("Strict-Transport-Security", "max-age=63072000")
    response.headers.add("X-Frame-Options", "DENY")
    return response

@app.route("/download")
def download():
    resp = make_response(data)
    resp.headers.set("Content-Security-Policy", "default-src 'self'")
    return resp
`;
  cases('app/admin.py', text, [
    ['function_exists', { name: 'wrapped' }, 'pass'],
    ['decorator_present', { function: 'delete_user', decorator: 'admin_required' }, 'pass'],
    ['decorator_present', { function: 'delete_user', decorator: 'login_required' }, 'pass'],
    ['decorator_present', { function: 'delete_user', decorator: 'bp.route' }, 'pass'],
    ['decorator_present', { function: 'load_user', decorator: 'login_required' }, 'fail'],
    ['decorator_present', { function: 'wrapped', decorator: 'wraps' }, 'pass'],
    ['function_calls', { caller: 'delete_user', callee: 'commit' }, 'pass'],
    ['function_calls', { caller: 'delete_user', callee: 'get_or_404' }, 'pass'],
    ['function_calls', { caller: 'admin_required', callee: 'abort' }, 'pass'],
    ['middleware_registered', { middleware: 'Talisman' }, 'pass'],
    ['middleware_registered', { middleware: 'CORS' }, 'pass'],
    ['middleware_registered', { middleware: 'load_user' }, 'pass'],
    ['middleware_registered', { middleware: 'set_headers' }, 'pass'],
    ['middleware_registered', { middleware: 'delete_user' }, 'fail'],
    ['middleware_registered', { middleware: 'CSRFProtect' }, 'pass'],
    ['middleware_registered', { middleware: 'csrf' }, 'pass'],
    ['middleware_registered', { middleware: 'sess' }, 'fail'],
    ['middleware_registered', { middleware: 'Limiter' }, 'fail'],
    ['middleware_registered', { middleware: 'Blueprint' }, 'fail'],
    ['http_header_set', { header: 'X-Content-Type-Options', value_pattern: 'nosniff' }, 'pass'],
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'pass'],
    ['http_header_set', { header: 'X-Frame-Options' }, 'pass'],
    ['http_header_set', { header: 'Content-Security-Policy' }, 'pass'],
    ['http_header_set', { header: 'Referrer-Policy' }, 'pass'],
    ['http_header_set', { header: 'X-Robots-Tag' }, 'fail'],
    ['env_var_referenced', { variable: 'FLASK_SECRET_KEY' }, 'pass'],
    ['import_present', { module: 'flask_login', name: 'login_required' }, 'pass'],
    ['import_present', { module: 'functools', name: 'wraps' }, 'pass'],
  ]);
});

describe('real-world Python: Django class-based views, settings and tests', () => {
  const text = `from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views import View
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
import environ

env = environ.Env()
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED = os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")

@method_decorator(login_required, name="dispatch")
class ProfileView(LoginRequiredMixin, View):
    template_name = "profile.html"

    @method_decorator(csrf_exempt)
    def post(self, request, *args, **kwargs):
        form = ProfileForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest()
        form.save()
        return redirect("profile")

@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def snippet_list(request, format=None):
    serializer = SnippetSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return Response(serializer.data)

@permission_required("polls.add_choice", raise_exception=True)
def add_choice(request, poll_id):
    try:
        poll = Poll.objects.get(pk=poll_id)
    except Poll.DoesNotExist:
        raise Http404("Poll does not exist")
    return render(request, "polls/detail.html", {"poll": poll})
`;
  cases('polls/views.py', text, [
    ['class_exists', { name: 'ProfileView' }, 'pass'],
    ['function_exists', { name: 'ProfileView.post' }, 'pass'],
    ['decorator_present', { function: 'ProfileView', decorator: 'method_decorator' }, 'pass'],
    ['decorator_present', { function: 'ProfileView.post', decorator: 'method_decorator' }, 'pass'],
    ['decorator_present', { function: 'snippet_list', decorator: 'permission_classes' }, 'pass'],
    ['decorator_present', { function: 'snippet_list', decorator: 'api_view' }, 'pass'],
    ['decorator_present', { function: 'add_choice', decorator: 'permission_required' }, 'pass'],
    ['decorator_present', { function: 'add_choice', decorator: 'login_required' }, 'fail'],
    ['error_handled', { function: 'add_choice', exception: 'DoesNotExist' }, 'pass'],
    ['error_handled', { function: 'add_choice', exception: 'Poll.DoesNotExist' }, 'pass'],
    ['error_handled', { function: 'add_choice', exception: 'ValueError' }, 'fail'],
    ['function_calls', { caller: 'ProfileView.post', callee: 'is_valid' }, 'pass'],
    ['function_calls', { caller: 'snippet_list', callee: 'is_valid' }, 'pass'],
    ['function_calls', { caller: 'snippet_list', callee: 'SnippetSerializer' }, 'pass'],
    ['import_present', { module: 'django.contrib.auth.decorators', name: 'login_required' }, 'pass'],
    ['import_present', { module: 'django.contrib.auth', name: 'login_required' }, 'pass'],
    ['import_present', { module: 'django.contrib.auth', name: 'logout' }, 'fail'],
    ['import_present', { module: 'django' }, 'pass'],
    ['import_present', { module: 'rest_framework.permissions', name: 'IsAuthenticated' }, 'pass'],
    ['env_var_referenced', { variable: 'DJANGO_ALLOWED_HOSTS' }, 'pass'],
  ]);
});

describe('real-world Python: services, settings and responses', () => {
  const text = `from os import environ, getenv
from contextlib import suppress
from dataclasses import dataclass
from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key=environ["SESSION_KEY"])
REDIS = getenv("REDIS_URL")

@dataclass(frozen=True)
class Settings:
    debug: bool = False

class UserService:
    def __init__(self, repo):
        self.repo = repo

    @staticmethod
    def normalise(email: str) -> str:
        if not isinstance(email, str) or "@" not in email:
            raise ValueError("bad email")
        return email.lower()

    @property
    def count(self):
        return len(self.repo)

    async def save(self, user):
        await self.repo.save(user)
        with suppress(KeyError):
            self.cache.pop(user.id)

@app.get("/health")
def health(response: Response):
    response.headers["X-Robots-Tag"] = "noindex"
    return JSONResponse({"ok": True}, headers={"Cache-Control": "no-cache"})
`;
  cases('app/services.py', text, [
    ['class_exists', { name: 'Settings' }, 'pass'],
    ['decorator_present', { function: 'Settings', decorator: 'dataclass' }, 'pass'],
    ['decorator_present', { function: 'UserService.normalise', decorator: 'staticmethod' }, 'pass'],
    ['decorator_present', { function: 'count', decorator: 'property' }, 'pass'],
    ['function_exists', { name: 'UserService.__init__' }, 'pass'],
    ['function_calls', { caller: 'UserService.save', callee: 'repo.save' }, 'pass'],
    ['function_calls', { caller: 'save', callee: 'pop' }, 'pass'],
    ['parameter_validated', { function: 'normalise', parameter: 'email' }, 'pass'],
    ['parameter_validated', { function: 'save', parameter: 'user' }, 'fail'],
    ['env_var_referenced', { variable: 'SESSION_KEY' }, 'pass'],
    ['env_var_referenced', { variable: 'REDIS_URL' }, 'pass'],
    ['middleware_registered', { middleware: 'SessionMiddleware' }, 'pass'],
    ['http_header_set', { header: 'X-Robots-Tag', value_pattern: 'noindex' }, 'pass'],
    ['http_header_set', { header: 'Cache-Control', value_pattern: 'no-cache' }, 'pass'],
    ['import_present', { module: 'starlette.middleware.sessions', name: 'SessionMiddleware' }, 'pass'],
    ['import_present', { module: 'os', name: 'getenv' }, 'pass'],
  ]);
});

describe('real-world Python: request bodies read off the request', () => {
  const text = `from flask import request, abort, jsonify

@bp.post("/login")
def login():
    data = request.get_json(silent=True) or {}
    return jsonify(data)

def webhook(req):
    signature = req.headers.get("X-Signature")
    if not signature:
        abort(400)
    payload = req.get_data()
    return payload

def lookup(req, db):
    row = db.get(req.args["id"])
    if row is None:
        return jsonify(error="missing"), 404
    return row
`;
  cases('app/hooks.py', text, [
    ['parameter_validated', { function: 'webhook', parameter: 'req' }, 'pass'],
    ['parameter_validated', { function: 'lookup', parameter: 'req' }, 'fail'],
    ['parameter_validated', { function: 'lookup', parameter: 'db' }, 'fail'],
  ]);
});

describe('real-world Python: near misses that must not pass', () => {
  const text = `import requests

@router.get("/items")
async def items(q: str | None = None):
    names = sorted(ITEMS, key=normalise)
    resp = requests.get("https://api", headers={"X-Frame-Options": "DENY"})
    os.environ["EXPORTED_VAR"] = "1"
    return [validate for validate in names]

def report():
    log("call login_required() later")
    # os.getenv("COMMENTED")
    return f"{os.environ.get('INTERPOLATED')}"
`;
  cases('app/items.py', text, [
    ['decorator_present', { function: 'items', decorator: 'app.get' }, 'fail'],
    ['decorator_present', { function: 'items', decorator: 'router.get' }, 'pass'],
    ['function_calls', { caller: 'items', callee: 'normalise' }, 'fail'],
    ['function_calls', { caller: 'items', callee: 'validate' }, 'fail'],
    ['function_calls', { caller: 'report', callee: 'login_required' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options' }, 'fail'],
    ['env_var_referenced', { variable: 'COMMENTED' }, 'fail'],
    ['env_var_referenced', { variable: 'INTERPOLATED' }, 'pass'],
    ['parameter_validated', { function: 'items', parameter: 'q' }, 'fail'],
  ]);
});

describe('real-world Python: Django settings with the default security middleware', () => {
  const text = `MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SECURE_REFERRER_POLICY = None
`;
  cases('config/settings.py', text, [
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: '^DENY$' }, 'pass'],
    ['http_header_set', { header: 'X-Content-Type-Options', value_pattern: 'nosniff' }, 'pass'],
    ['http_header_set', { header: 'Cross-Origin-Opener-Policy', value_pattern: 'same-origin' }, 'pass'],
    ['http_header_set', { header: 'Referrer-Policy' }, 'fail'],
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'fail'],
    ['middleware_registered', { middleware: 'XFrameOptionsMiddleware' }, 'pass'],
  ]);
});

describe('real-world Python: pydantic settings read the environment by field name', () => {
  const text = `from pydantic import Field, AliasChoices
from pydantic_settings import BaseSettings, SettingsConfigDict

class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="APP_")

    database_url: str
    debug: bool = False
    redis: str = Field("redis://localhost", validation_alias="CACHE_URL")

class LegacySettings(pydantic.BaseSettings):
    secret_key: str

    class Config:
        env_prefix = "LEGACY_"

class Plain(BaseModel):
    api_token: str
`;
  cases('app/config.py', text, [
    ['env_var_referenced', { variable: 'APP_DATABASE_URL' }, 'pass'],
    ['env_var_referenced', { variable: 'APP_DEBUG' }, 'pass'],
    ['env_var_referenced', { variable: 'CACHE_URL' }, 'pass'],
    ['env_var_referenced', { variable: 'LEGACY_SECRET_KEY' }, 'pass'],
    ['env_var_referenced', { variable: 'DATABASE_URL' }, 'fail'],
    ['env_var_referenced', { variable: 'API_TOKEN' }, 'fail'],
    ['env_var_referenced', { variable: 'APP_MODEL_CONFIG' }, 'fail'],
  ]);
  cases('app/simple_config.py', 'class Settings(BaseSettings):\n    port: int = 8000\n    # jwt_secret: str\n', [
    ['env_var_referenced', { variable: 'PORT' }, 'pass'],
    ['env_var_referenced', { variable: 'JWT_SECRET' }, 'fail'],
  ]);
});

describe('real-world Python: Flask-Talisman security headers', () => {
  const text = `from flask_talisman import Talisman

csp = {"default-src": "'self'", "img-src": "*"}
Talisman(app, frame_options="DENY", content_security_policy=csp, referrer_policy=None,
         strict_transport_security_max_age=63072000)
`;
  cases('app/security.py', text, [
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: '^DENY$' }, 'pass'],
    [
      'http_header_set',
      { header: 'Strict-Transport-Security', value_pattern: 'max-age=63072000; includeSubDomains' },
      'pass',
    ],
    ['http_header_set', { header: 'Content-Security-Policy' }, 'pass'],
    ['http_header_set', { header: 'X-Content-Type-Options', value_pattern: 'nosniff' }, 'pass'],
    ['http_header_set', { header: 'Referrer-Policy' }, 'fail'],
    ['middleware_registered', { middleware: 'Talisman' }, 'pass'],
  ]);
  cases('app/defaults.py', 'Talisman(app)\n', [
    ['http_header_set', { header: 'X-Frame-Options', value_pattern: '^SAMEORIGIN$' }, 'pass'],
    ['http_header_set', { header: 'Content-Security-Policy', value_pattern: "default-src 'self'" }, 'pass'],
    ['http_header_set', { header: 'Referrer-Policy', value_pattern: 'strict-origin-when-cross-origin' }, 'pass'],
  ]);
  cases('app/off.py', 'Talisman(app, force_https=False, strict_transport_security=False, frame_options=None)\n', [
    ['http_header_set', { header: 'Strict-Transport-Security' }, 'fail'],
    ['http_header_set', { header: 'X-Frame-Options' }, 'fail'],
  ]);
});
