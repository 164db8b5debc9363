import { describe, expect, it } from 'vitest';
import { definitionCheckers } from './index.js';
import { check, project } from './testkit.js';

describe('names in comments and strings never count', () => {
  const samples: [string, string][] = [
    [
      'a.py',
      '# def target(): try: pass\n"""target() except ValueError"""\ndef caller():\n    x = "target()"  # target()\n',
    ],
    [
      'a.js',
      '// function target() {}\n/* target() */\nfunction caller() { const s = `target()`; return "catch (e) {}"; }\n',
    ],
    ['a.go', 'package a\n// func target() {}\nfunc caller() { _ = "target()" /* target() */ }\n'],
    ['A.java', '// void target() {}\nclass A { void caller() { String s = "target()"; /* target(); */ } }\n'],
    ['A.cs', '// void target() {}\nclass A { void caller() { var s = "target()"; /* target(); */ } }\n'],
    ['a.rb', "# def target; end\ndef caller\n  s = 'target()'\n  # target\nend\n"],
    ['a.rs', '// fn target() {}\nfn caller() { let s = "target()"; /* target() */ }\n'],
    ['a.php', '<?php\n// function target() {}\nfunction caller() { $s = "target()"; /* target(); */ }\n'],
  ];
  for (const [file, text] of samples) {
    it(`${file}: no definition, no call, no handler`, async () => {
      expect((await check('function_exists', file, text, { name: 'target' })).result).toBe('fail');
      expect((await check('function_calls', file, text, { caller: 'caller', callee: 'target' })).result).toBe('fail');
      expect((await check('error_handled', file, text, { function: 'caller' })).result).toBe('fail');
      expect((await check('function_exists', file, text, { name: 'caller' })).result).toBe('pass');
    });
  }
});

describe('framework idioms', () => {
  it('Flask: a function-level decorator that only checks permissions does not validate every parameter', async () => {
    const text = '@check_permissions("admin")\ndef view(user_id):\n    return load(user_id)\n';
    const r = await check('parameter_validated', 'views.py', text, { function: 'view', parameter: 'user_id' });
    expect(r.result).toBe('fail');
  });

  it('Flask-pydantic @validate() validates the arguments', async () => {
    const text = '@app.post("/u")\n@validate()\ndef create(body: dict):\n    return body\n';
    const r = await check('parameter_validated', 'views.py', text, { function: 'create', parameter: 'body' });
    expect(r.result).toBe('pass');
    expect(r.details).toContain("function's decorator validate");
  });

  it('Express: a handler bound through a wrapper is a definition and its callbacks are searched', async () => {
    const text = `const login = asyncHandler(async (req, res) => {
  passport.authenticate('local', (err, user) => { req.logIn(user, () => res.redirect('/')); })(req, res);
});
module.exports = { login };
`;
    expect((await check('function_exists', 'auth.js', text, { name: 'login' })).result).toBe('pass');
    const r = await check('function_calls', 'auth.js', text, { caller: 'login', callee: 'logIn' });
    expect(r.result).toBe('pass');
    expect(r.details).toContain('req.logIn() at auth.js:2');
  });

  it('Gin: handler methods on a receiver type', async () => {
    const text = `package api
func (h *Handler) Login(c *gin.Context) {
	var req LoginRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
}
`;
    expect((await check('function_exists', 'api.go', text, { name: 'Handler.Login' })).result).toBe('pass');
    const e = await check('error_handled', 'api.go', text, { function: 'Handler.Login' });
    expect(e.details).toContain('if err != nil at api.go:4');
    const c = await check('function_calls', 'api.go', text, { caller: 'Login', callee: 'ShouldBindJSON' });
    expect(c.result).toBe('pass');
  });

  it('Axum: extractor types validate, Option match is not error handling', async () => {
    const text = `async fn create(State(db): State<Db>, Json(input): Json<NewUser>) -> Result<Json<User>, AppError> {
    match db.find(&input.email) { Some(_) => return Err(AppError::Conflict), None => {} }
    let user = db.insert(input).await?;
    Ok(Json(user))
}
`;
    const v = await check('parameter_validated', 'h.rs', text, { function: 'create', parameter: 'input' });
    expect(v.result).toBe('pass');
    const e = await check('error_handled', 'h.rs', text, { function: 'create' });
    expect(e.result).toBe('fail');
    expect(e.details).toContain('has no error handler');
  });

  it('Laravel: a FormRequest type validates; Rails: strong params without checks do not', async () => {
    const php = '<?php\nclass C { public function store(StorePostRequest $r) { Post::create($r->all()); } }\n';
    const p = await check('parameter_validated', 'C.php', php, { function: 'store', parameter: 'r' });
    expect(p.details).toContain('(c) r is annotated with the non-primitive type StorePostRequest');
    const rb = 'class PostsController\n  def create(attrs)\n    Post.create(attrs.permit(:title))\n  end\nend\n';
    const r = await check('parameter_validated', 'p.rb', rb, { function: 'create', parameter: 'attrs' });
    expect(r.result).toBe('fail');
  });
});

describe('determinism and caching', () => {
  it('gives the same result twice and parses the file once per run', async () => {
    const text = 'class A:\n    def f(self):\n        try:\n            g()\n        except E:\n            pass\n';
    const { ctx } = project({ 'a.py': text });
    const params = { file: 'a.py', function: 'A.f', exception: 'E' };
    const first = await definitionCheckers.error_handled(params, ctx);
    const second = await definitionCheckers.error_handled(params, ctx);
    await definitionCheckers.function_exists({ file: 'a.py', name: 'f' }, ctx);
    expect(second).toEqual(first);
    expect(first.result).toBe('pass');
    expect(ctx.files.stats.reads).toBe(1);
    // the tree, the file's node search (shared with the usage indexes) and the definitions index, once each
    expect(ctx.files.stats.parses).toBe(3);
    await ctx.files.dispose();
  });
});
