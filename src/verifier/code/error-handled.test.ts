import { describe, expect, it } from 'vitest';
import { check, checkRaw } from './testkit.js';

/** [function, exception ('' = any), expected result, text the details must contain] */
type Row = [string, string, 'pass' | 'fail', string];

const cases: Record<string, { file: string; text: string; rows: Row[] }> = {
  python: {
    file: 'auth/login.py',
    text: `def login(request):
    try:
        user = authenticate(request)
    except (AuthenticationError, ValueError) as e:
        return HttpResponse(status=401)

def refresh(token):
    try:
        decode(token)
    except jwt.ExpiredSignatureError:
        raise

def generic(x):
    try:
        run(x)
    except Exception as e:
        if isinstance(e, (TimeoutError, db.OperationalError)):
            retry()

def bare(x):
    try:
        run(x)
    except:
        pass

def unhandled(x):
    # try: run(x) except AuthenticationError: pass
    log("except AuthenticationError")
    return run(x)

def quiet(path):
    with contextlib.suppress(FileNotFoundError):
        os.remove(path)
`,
    rows: [
      ['login', '', 'pass', 'login (auth/login.py:1) handles errors: try/except at auth/login.py:4'],
      ['login', 'AuthenticationError', 'pass', 'handles AuthenticationError: try/except at auth/login.py:4'],
      ['login', 'ValueError', 'pass', 'handles ValueError'],
      ['login', 'KeyError', 'fail', 'handles errors (try/except at auth/login.py:4) but none names KeyError'],
      ['refresh', 'ExpiredSignatureError', 'pass', 'handles ExpiredSignatureError'],
      ['refresh', 'jwt.ExpiredSignatureError', 'pass', 'handles jwt.ExpiredSignatureError'],
      ['refresh', 'other.ExpiredSignatureError', 'fail', 'none names other.ExpiredSignatureError'],
      ['generic', 'OperationalError', 'pass', 'type test inside try/except'],
      ['generic', 'TimeoutError', 'pass', 'handles TimeoutError'],
      ['generic', 'KeyError', 'fail', 'none names KeyError'],
      ['bare', '', 'pass', 'handles errors'],
      ['bare', 'ValueError', 'fail', 'none names ValueError'],
      ['unhandled', '', 'fail', 'unhandled (auth/login.py:26) has no error handler'],
      ['quiet', 'FileNotFoundError', 'pass', 'contextlib.suppress'],
      ['missing', '', 'fail', 'no function or method named missing'],
    ],
  },
  javascript: {
    file: 'src/auth.js',
    text: `async function login(req, res) {
  try {
    await authenticate(req);
  } catch (err) {
    if (err instanceof AuthError) return res.status(401).end();
    if (err.name === 'TokenExpiredError') return res.status(440).end();
    throw err;
  }
}
function fetchUser(id) {
  return api.get(id).then(parse).catch((e) => log(e));
}
function none() { /* try {} catch (AuthError) {} */ return "catch (AuthError)"; }
`,
    rows: [
      ['login', '', 'pass', 'try/catch at src/auth.js:4'],
      ['login', 'AuthError', 'pass', 'handles AuthError: try/catch at src/auth.js:4 (type test inside try/catch)'],
      ['login', 'TokenExpiredError', 'pass', 'handles TokenExpiredError'],
      ['login', 'TypeError', 'fail', 'none names TypeError'],
      ['fetchUser', '', 'pass', '.catch() at src/auth.js:11'],
      ['none', '', 'fail', 'has no error handler'],
    ],
  },
  typescript: {
    file: 'src/users.service.ts',
    text: `export class UsersService {
  async find(id: string): Promise<User> {
    try {
      return await this.repo.findOneOrFail(id);
    } catch (e: unknown) {
      if (e instanceof EntityNotFoundError) throw new NotFoundException();
      throw e;
    }
  }
  remove(id: string) { return this.repo.delete(id); }
}
`,
    rows: [
      ['UsersService.find', 'EntityNotFoundError', 'pass', 'type test inside try/catch'],
      ['find', '', 'pass', 'try/catch at src/users.service.ts:5'],
      ['remove', '', 'fail', 'has no error handler'],
    ],
  },
  go: {
    file: 'store/users.go',
    text: `package store

func (s *Store) Get(id string) (*User, error) {
	row, err := s.db.Query(id)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("get: %w", err)
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return nil, err
	}
	return row, nil
}

func Load(path string) {
	data, _ := os.ReadFile(path)
	use(data)
}

func Safe() {
	defer func() {
		if r := recover(); r != nil {
			log.Print(r)
		}
	}()
}

func Switch(err error) {
	switch e := err.(type) {
	case *ValidationError:
		_ = e
	}
}
`,
    rows: [
      ['Store.Get', '', 'pass', 'if err != nil at store/users.go:5'],
      ['Get', 'sql.ErrNoRows', 'pass', 'handles sql.ErrNoRows: error check at store/users.go:6'],
      ['Get', 'ErrNoRows', 'pass', 'handles ErrNoRows'],
      ['Get', 'PathError', 'pass', 'handles PathError'],
      ['Get', 'io.EOF', 'fail', 'none names io.EOF'],
      ['Load', '', 'fail', 'has no error handler'],
      ['Safe', '', 'pass', 'recover()'],
      ['Switch', 'ValidationError', 'pass', 'switch on error'],
    ],
  },
  java: {
    file: 'src/main/java/app/PaymentService.java',
    text: `public class PaymentService {
  public void charge(Card card) {
    try {
      gateway.charge(card);
    } catch (CardDeclinedException | java.net.SocketTimeoutException e) {
      throw new PaymentFailed(e);
    } catch (Exception e) {
      if (e instanceof FraudException) { alert(); }
    }
  }
  public void refund(Card card) { gateway.refund(card); }
  @ExceptionHandler(ResourceNotFoundException.class)
  public ResponseEntity<Error> notFound(ResourceNotFoundException ex) { return ResponseEntity.status(404).build(); }
}
`,
    rows: [
      [
        'charge',
        'CardDeclinedException',
        'pass',
        'handles CardDeclinedException: try/catch at src/main/java/app/PaymentService.java:5',
      ],
      ['charge', 'SocketTimeoutException', 'pass', 'handles SocketTimeoutException'],
      ['charge', 'FraudException', 'pass', 'type test inside try/catch'],
      ['charge', 'IOException', 'fail', 'none names IOException'],
      ['refund', '', 'fail', 'has no error handler'],
      ['notFound', 'ResourceNotFoundException', 'pass', '@ExceptionHandler'],
      ['PaymentService', 'ResourceNotFoundException', 'pass', '@ExceptionHandler'],
    ],
  },
  csharp: {
    file: 'Services/OrderService.cs',
    text: `public class OrderService {
  public async Task Place(Order o) {
    try { await _repo.Save(o); }
    catch (DbUpdateException ex) when (ex.InnerException is SqlException) { throw new ConflictException(); }
    catch (HttpRequestException e) when (e is TaskCanceledException) { }
    catch { }
  }
  public void Cancel(Order o) { _repo.Delete(o); }
}
`,
    rows: [
      ['Place', 'DbUpdateException', 'pass', 'handles DbUpdateException'],
      ['Place', 'SqlException', 'pass', 'handles SqlException'],
      ['Place', 'TaskCanceledException', 'pass', 'handles TaskCanceledException'],
      ['Place', 'InnerException', 'fail', 'none names InnerException'],
      ['Place', '', 'pass', 'try/catch at Services/OrderService.cs:4'],
      ['Cancel', '', 'fail', 'has no error handler'],
    ],
  },
  ruby: {
    file: 'app/controllers/users_controller.rb',
    text: `class UsersController < ApplicationController
  rescue_from ActiveRecord::RecordNotFound, with: :not_found

  def show
    @user = User.find(params[:id])
  rescue ActiveRecord::RecordInvalid, Timeout::Error => e
    head :unprocessable_entity
  end

  def update
    begin
      @user.update!(user_params)
    rescue => e
      raise unless e.is_a?(Stripe::CardError)
    end
  end

  def index
    @users = User.all
  end
end
`,
    rows: [
      ['show', 'RecordInvalid', 'pass', 'handles RecordInvalid: rescue at app/controllers/users_controller.rb:6'],
      ['show', 'Timeout::Error', 'pass', 'handles Timeout::Error'],
      ['show', 'RecordNotFound', 'fail', 'none names RecordNotFound'],
      ['update', '', 'pass', 'rescue at app/controllers/users_controller.rb:13'],
      ['update', 'Stripe::CardError', 'pass', 'type test inside rescue'],
      ['index', '', 'fail', 'has no error handler'],
      [
        'UsersController',
        'ActiveRecord::RecordNotFound',
        'pass',
        'rescue_from at app/controllers/users_controller.rb:2',
      ],
    ],
  },
  rust: {
    file: 'src/auth.rs',
    text: `impl Auth {
    pub fn verify(&self, token: &str) -> Result<Claims, AuthError> {
        match decode(token) {
            Ok(c) => Ok(c),
            Err(JwtError::Expired) => Err(AuthError::Expired),
            Err(e) => Err(AuthError::Invalid(e.to_string())),
        }
    }
    pub fn load(&self) -> Result<Config, Error> {
        let raw = std::fs::read_to_string("x")?;
        Ok(parse(&raw)?)
    }
    pub fn lookup(&self, id: u32) -> String {
        match self.cache.get(&id) {
            Some(v) => v.clone(),
            None => String::new(),
        }
    }
    pub fn connect(&self) {
        let conn = open().map_err(|e| ConnError::from(e));
        if let Err(e) = ping() { warn!("{e}"); }
    }
    pub fn fallback(&self) -> u32 { read().unwrap_or_else(|_| 0) }
}
`,
    rows: [
      ['verify', '', 'pass', 'match with Err arm at src/auth.rs:3'],
      ['verify', 'JwtError', 'pass', 'handles JwtError'],
      ['verify', 'JwtError::Expired', 'pass', 'handles JwtError::Expired'],
      ['verify', 'IoError', 'fail', 'none names IoError'],
      ['load', '', 'fail', 'has no error handler'],
      ['lookup', '', 'fail', 'has no error handler'],
      ['connect', '', 'pass', '.map_err at src/auth.rs:20'],
      ['fallback', '', 'pass', '.unwrap_or_else'],
    ],
  },
  php: {
    file: 'app/Services/Billing.php',
    text: `<?php
class Billing {
    public function charge($card) {
        try {
            $this->gateway->charge($card);
        } catch (\\Stripe\\Exception\\CardException | \\App\\Exceptions\\PaymentException $e) {
            report($e);
        } catch (\\Throwable $e) {
            if ($e instanceof \\GuzzleHttp\\Exception\\ConnectException) { retry(); }
        }
    }
    public function refund($id) { return $this->gateway->refund($id); }
}
`,
    rows: [
      ['charge', 'CardException', 'pass', 'handles CardException'],
      ['charge', '\\Stripe\\Exception\\CardException', 'pass', 'handles \\Stripe\\Exception\\CardException'],
      ['charge', 'App\\Exceptions\\PaymentException', 'pass', 'handles App\\Exceptions\\PaymentException'],
      ['charge', 'ConnectException', 'pass', 'type test inside try/catch'],
      ['charge', 'Throwable', 'pass', 'handles Throwable'],
      ['charge', 'RuntimeException', 'fail', 'none names RuntimeException'],
      ['refund', '', 'fail', 'has no error handler'],
    ],
  },
};

describe('error_handled', () => {
  for (const [language, c] of Object.entries(cases)) {
    describe(language, () => {
      for (const [fn, exception, result, details] of c.rows) {
        it(`${fn} / ${exception || 'any'} → ${result}`, async () => {
          const params = exception ? { function: fn, exception } : { function: fn };
          const r = await check('error_handled', c.file, c.text, params);
          expect(r.result, r.details).toBe(result);
          expect(r.details).toContain(details);
        });
      }
    });
  }

  it('puts the evidence on the handler', async () => {
    const r = await check('error_handled', cases.python!.file, cases.python!.text, { function: 'login' });
    expect(r.evidence).toEqual({ file: 'auth/login.py', line: 4, end_line: 5 });
  });

  it('answers error for bad params', async () => {
    const r = await checkRaw('error_handled', { 'a.py': '' }, { file: 'a.py', function: 'f', exception: 3 });
    expect(r.result).toBe('error');
  });

  it('skips unsupported languages', async () => {
    const r = await check('error_handled', 'a.ex', 'def f, do: 1', { function: 'f' });
    expect(r.result).toBe('skipped');
  });
});
