import { describe, expect, it } from 'vitest';
import { check, checkRaw } from './testkit.js';

/** [function, parameter, expected result, text the details must contain] */
type Row = [string, string, 'pass' | 'fail', string];

const cases: Record<string, { file: string; text: string; rows: Row[] }> = {
  python: {
    file: 'api/users.py',
    text: `from fastapi import Query, Path
from pydantic import validate_call

def update_profile(request, user_id):
    if not user_id.isdigit():
        raise ValueError("bad id")
    return save(user_id)

def cached(key):
    if key in CACHE:
        return CACHE[key]
    return load(key)

def delete(request, token):
    if not verify(token):
        abort(401)

def create(data):
    payload = schema.load(clean_input(data))

def flask_view(user_id):
    if user_id is None:
        return jsonify(error="missing"), 400

def django_view(request, slug):
    if len(slug) > 50:
        return HttpResponseBadRequest()

async def fastapi_model(body: UserUpdate, name: str, tags: list[str], when: Optional[datetime] = None):
    return body

async def fastapi_query(q: Optional[str] = Query(None, max_length=50), page: int = 1):
    return q

@validate_call
def typed(count: int):
    return count

def asserted(n):
    assert n > 0, "n must be positive"

def logged(name):
    # if not name: raise ValueError
    log.info("validate(name)")
    if name:
        return name

def forward_ref(user: "User", raw: "str"):
    pass

def any_typed(payload: Any, data: dict):
    pass
`,
    rows: [
      ['update_profile', 'user_id', 'pass', '(a) user_id is tested at api/users.py:5 and the branch raises'],
      ['cached', 'key', 'fail', 'does not validate key'],
      ['delete', 'token', 'pass', '(a) token is tested at api/users.py:15 and the branch calls abort'],
      ['create', 'data', 'pass', '(b) data is passed to schema.load() at api/users.py:19'],
      ['flask_view', 'user_id', 'pass', 'responds 400'],
      ['django_view', 'slug', 'pass', 'builds an error (HttpResponseBadRequest)'],
      ['fastapi_model', 'body', 'pass', '(c) body is annotated with the non-primitive type UserUpdate'],
      ['fastapi_model', 'name', 'fail', 'does not validate name'],
      ['fastapi_model', 'tags', 'fail', 'does not validate tags'],
      ['fastapi_model', 'when', 'pass', 'non-primitive type datetime'],
      ['fastapi_query', 'q', 'pass', '(c) q is bound by a constrained Query(…)'],
      ['fastapi_query', 'page', 'fail', 'does not validate page'],
      ['typed', 'count', 'pass', "(c) count is validated by the function's decorator validate_call"],
      ['asserted', 'n', 'pass', '(a) n is tested at api/users.py:40 and the branch asserts'],
      ['logged', 'name', 'fail', 'does not validate name'],
      ['forward_ref', 'user', 'pass', 'non-primitive type User'],
      ['forward_ref', 'raw', 'fail', 'does not validate raw'],
      ['any_typed', 'payload', 'fail', 'does not validate payload'],
      ['any_typed', 'data', 'fail', 'does not validate data'],
      ['update_profile', 'missing', 'fail', 'has no parameter named missing (parameters: request, user_id)'],
      ['nope', 'x', 'fail', 'no function or method named nope'],
    ],
  },
  javascript: {
    file: 'src/routes/users.js',
    text: `async function getUser(req, res) {
  if (!isUuid(req.params.id)) {
    return res.status(400).json({ error: 'bad id' });
  }
}
const create = async (req, res, next) => {
  const { error, value } = userSchema.validate(req.body);
  if (error) return next(error);
};
function remove(id) {
  if (cache.has(id)) return cache.get(id);
  return db.delete(id);
}
function update(token) {
  if (!token) throw new Error('missing token');
}
function guarded(input) {
  // if (!input) throw new Error()
  const s = "validate(input)";
  return s;
}
`,
    rows: [
      ['getUser', 'req', 'pass', '(a) req is tested at src/routes/users.js:2 and the branch responds 400'],
      ['create', 'req', 'pass', '(b) req is passed to userSchema.validate()'],
      ['remove', 'id', 'fail', 'does not validate id'],
      ['update', 'token', 'pass', 'the branch throws'],
      ['guarded', 'input', 'fail', 'does not validate input'],
    ],
  },
  typescript: {
    file: 'src/users.controller.ts',
    text: `@Controller('users')
export class UsersController {
  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number) { return id; }
  @Post()
  create(@Body() dto: CreateUserDto) { return dto; }
  @Put(':id')
  update(@Param('id') id: string, @Body(new ValidationPipe()) body: unknown) { return body; }
  search(@Query('q') q: string, filter: any, opts: object) { return q; }
  parse(raw: string): Settings { return settingsSchema.parse(JSON.parse(raw)); }
  status(code: number) { if (code < 0) { throw new RangeError('negative'); } }
}
`,
    rows: [
      ['findOne', 'id', 'pass', '(c) id is bound by the validating Param'],
      ['create', 'dto', 'pass', '(c) dto is annotated with the non-primitive type CreateUserDto'],
      ['update', 'body', 'pass', '(c) body is bound by the validating Body'],
      ['update', 'id', 'fail', 'does not validate id'],
      ['search', 'q', 'fail', 'does not validate q'],
      ['search', 'filter', 'fail', 'does not validate filter'],
      ['search', 'opts', 'fail', 'does not validate opts'],
      ['parse', 'raw', 'pass', '(b) raw is passed to settingsSchema.parse()'],
      ['status', 'code', 'pass', 'the branch throws'],
    ],
  },
  go: {
    file: 'handlers/users.go',
    text: `package handlers

func GetUser(w http.ResponseWriter, r *http.Request, id string) {
	if id == "" {
		http.Error(w, "missing id", http.StatusBadRequest)
		return
	}
}

func Parse(raw string) (*Config, error) {
	if len(raw) == 0 {
		return nil, errors.New("empty")
	}
	return nil, nil
}

func Lookup(key string) string {
	if v, ok := cache[key]; ok {
		return v
	}
	return ""
}

func Bind(c *gin.Context, name string) {
	if err := validate.Var(name, "required,email"); err != nil {
		c.AbortWithStatusJSON(422, gin.H{"error": err.Error()})
	}
}

func Create(req CreateRequest, limit int) {}
`,
    rows: [
      ['GetUser', 'id', 'pass', '(a) id is tested at handlers/users.go:4'],
      ['Parse', 'raw', 'pass', 'returns an error value'],
      ['Lookup', 'key', 'fail', 'does not validate key'],
      ['Bind', 'name', 'pass', '(a) name is tested at handlers/users.go:25'],
      ['Create', 'req', 'pass', '(c) req is annotated with the non-primitive type CreateRequest'],
      ['Create', 'limit', 'fail', 'does not validate limit'],
    ],
  },
  java: {
    file: 'src/main/java/app/UserController.java',
    text: `public class UserController {
  @PostMapping
  public User create(@Valid @RequestBody UserDto dto, @RequestParam String name) { return svc.save(dto); }
  public User get(@PathVariable Long id) {
    if (id <= 0) { throw new IllegalArgumentException("id"); }
    return svc.find(id);
  }
  public void rename(@NotBlank @Size(max = 50) String name) {}
  public void find(String email) { Objects.requireNonNull(email); }
  public void check(String token) { Preconditions.checkArgument(token != null); }
  public ResponseEntity<?> delete(String key) {
    if (key.isEmpty()) return ResponseEntity.badRequest().build();
    return ResponseEntity.ok().build();
  }
  public void plain(String s) { if (s == null) { return; } }
}
`,
    rows: [
      ['create', 'dto', 'pass', '(c) dto is annotated with the non-primitive type UserDto'],
      ['create', 'name', 'fail', 'does not validate name'],
      ['get', 'id', 'pass', 'the branch throws'],
      ['rename', 'name', 'pass', '(c) name is bound by the validating NotBlank'],
      ['find', 'email', 'pass', '(a) email is checked by Objects.requireNonNull()'],
      ['check', 'token', 'pass', '(b) token is passed to Preconditions.checkArgument()'],
      ['delete', 'key', 'pass', 'builds an error (badRequest)'],
      ['plain', 's', 'fail', 'does not validate s'],
    ],
  },
  csharp: {
    file: 'Controllers/UsersController.cs',
    text: `public class UsersController : ControllerBase {
  [HttpPost]
  public IActionResult Create([FromBody] CreateUserRequest request) => Ok();
  [HttpGet("{id}")]
  public IActionResult Get(int id) {
    if (id <= 0) return BadRequest();
    return Ok();
  }
  public void Save(string name) { ArgumentNullException.ThrowIfNull(name); }
  public void Range([Range(1, 10)] int n) {}
  public void Plain(string s, int? count) { if (s == null) return; }
}
`,
    rows: [
      ['Create', 'request', 'pass', 'non-primitive type CreateUserRequest'],
      ['Get', 'id', 'pass', 'builds an error (BadRequest)'],
      ['Save', 'name', 'pass', '(a) name is checked by ArgumentNullException.ThrowIfNull()'],
      ['Range', 'n', 'pass', '(c) n is bound by the validating Range'],
      ['Plain', 's', 'fail', 'does not validate s'],
      ['Plain', 'count', 'fail', 'does not validate count'],
    ],
  },
  ruby: {
    file: 'app/controllers/users_controller.rb',
    text: `class UsersController < ApplicationController
  def show(id)
    raise ActionController::BadRequest unless id.to_s.match?(/\\A\\d+\\z/)
    @user = User.find(id)
  end

  def update(params)
    head :unprocessable_entity if params[:name].blank?
  end

  def create(attrs)
    validate_attrs!(attrs)
  end

  def cached(key)
    return @cache[key] if @cache.key?(key)
  end

  def find(email)
    user = User.find_by(email: email) or raise NotFound
  end
end
`,
    rows: [
      ['show', 'id', 'pass', '(a) id is tested at app/controllers/users_controller.rb:3 and the branch calls raise'],
      ['update', 'params', 'pass', 'responds unprocessable_entity'],
      ['create', 'attrs', 'pass', '(b) attrs is passed to validate_attrs!()'],
      ['cached', 'key', 'fail', 'does not validate key'],
      ['find', 'email', 'pass', 'calls raise'],
    ],
  },
  rust: {
    file: 'src/handlers.rs',
    text: `pub async fn get_user(Path(id): Path<u32>, name: &str, tags: Vec<String>) -> impl Responder {
    if name.is_empty() {
        return Err(AppError::BadRequest);
    }
    Ok(())
}
pub fn parse(raw: &str) -> Result<Config, Error> {
    ensure!(!raw.is_empty(), "empty");
    let cfg = validate_config(raw)?;
    Ok(cfg)
}
pub fn lookup(key: &str) -> Option<String> {
    if let Some(v) = CACHE.get(key) { return Some(v.clone()); }
    None
}
pub async fn create(Json(body): Json<CreateUser>) -> StatusCode { StatusCode::CREATED }
`,
    rows: [
      ['get_user', 'id', 'pass', '(c) id is annotated with the non-primitive type Path'],
      ['get_user', 'name', 'pass', 'returns an error value'],
      ['get_user', 'tags', 'fail', 'does not validate tags'],
      ['parse', 'raw', 'pass', '(a) raw is checked by ensure()'],
      ['lookup', 'key', 'fail', 'does not validate key'],
      ['create', 'body', 'pass', 'non-primitive type Json'],
    ],
  },
  php: {
    file: 'app/Http/Controllers/UserController.php',
    text: `<?php
class UserController extends Controller {
    public function store(StoreUserRequest $request) { return User::create($request->validated()); }
    public function update(Request $request, $id) {
        $request->validate(['name' => 'required|max:255']);
        if (!is_numeric($id)) { abort(404); }
    }
    public function show(int $id) {
        if ($id > 100) { return $this->cached($id); }
        return User::find($id);
    }
    public function destroy(string $id) {
        abort_if(!ctype_digit($id), 422);
    }
    public function edit(Post $post, ?string $title) { return $post; }
    public function search(string $q) { if (strlen($q) > 100) { throw new \\InvalidArgumentException('long'); } }
}
`,
    rows: [
      ['store', 'request', 'pass', '(b) request is passed to request.validated()'],
      [
        'update',
        '$id',
        'pass',
        '(a) id is tested at app/Http/Controllers/UserController.php:6 and the branch calls abort',
      ],
      ['update', 'request', 'pass', '(b) request is passed to request.validate()'],
      ['show', 'id', 'fail', 'does not validate id'],
      ['destroy', 'id', 'pass', '(a) id is checked by abort_if()'],
      ['search', 'q', 'pass', 'the branch throws'],
      ['edit', 'post', 'pass', '(c) post is annotated with the non-primitive type Post'],
      ['edit', 'title', 'fail', 'does not validate title'],
    ],
  },
};

describe('parameter_validated', () => {
  for (const [language, c] of Object.entries(cases)) {
    describe(language, () => {
      for (const [fn, parameter, result, details] of c.rows) {
        it(`${fn}(${parameter}) → ${result}`, async () => {
          const r = await check('parameter_validated', c.file, c.text, { function: fn, parameter });
          expect(r.result, r.details).toBe(result);
          expect(r.details).toContain(details);
        });
      }
    });
  }

  it('answers error for bad params', async () => {
    const r = await checkRaw('parameter_validated', { 'a.py': '' }, { file: 'a.py', function: 'f' });
    expect(r.result).toBe('error');
    expect(r.details).toContain('parameter');
  });

  it('skips unsupported languages', async () => {
    const r = await check('parameter_validated', 'a.lua', 'function f(x) end', { function: 'f', parameter: 'x' });
    expect(r.result).toBe('skipped');
  });
});
