import { describe } from 'vitest';
import { cases } from './realworld-kit.js';

// Idioms from NestJS, typed Express and Next.js route handlers, written fresh for these tests.

describe('real-world TypeScript: NestJS controllers, guards and bootstrap', () => {
  const text = `import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, UseGuards, UsePipes, ValidationPipe, UnauthorizedException, Injectable, CanActivate, ExecutionContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import helmet from 'helmet';
import type { Request } from 'express';
import { CreateCatDto } from './dto/create-cat.dto';
import { Roles } from '../auth/roles.decorator';

@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.headers['x-api-key'];
    if (key !== process.env.API_KEY) {
      throw new UnauthorizedException();
    }
    return true;
  }
}

@Controller('cats')
@UseGuards(AuthGuard('jwt'), ApiKeyGuard)
export class CatsController {
  constructor(private readonly catsService: CatsService) {}

  @Post()
  @HttpCode(201)
  @UsePipes(new ValidationPipe({ whitelist: true }))
  async create(@Body() createCatDto: CreateCatDto): Promise<void> {
    await this.catsService.create(createCatDto);
  }

  @Get(':id')
  @Roles('admin')
  findOne(@Param('id', ParseIntPipe) id: number) {
    return this.catsService.findOne(id);
  }

  @Delete(':id')
  async remove(@Param('id') id: string): Promise<void> {
    try {
      await this.catsService.remove(id);
    } catch (e: unknown) {
      if (e instanceof NotFoundError) throw new NotFoundException();
      throw e;
    }
  }

  private readonly audit = (id: string): void => {
    this.logger.log(id);
  };
}

export type CatId = string;
export interface Cat { id: CatId; name: string }
export enum Role { Admin = 'admin', User = 'user' }
export abstract class BaseRepo<T> {
  abstract find(id: string): Promise<T>;
}

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.use(helmet());
  app.enableCors({ origin: process.env.CORS_ORIGIN });
  app.useGlobalPipes(new ValidationPipe());
  app.useGlobalGuards(new ApiKeyGuard());
  await app.listen(Number(process.env.PORT ?? 3000));
}
bootstrap();
`;
  cases('src/cats/cats.controller.ts', text, [
    ['class_exists', { name: 'CatsController' }, 'pass'],
    ['class_exists', { name: 'Cat' }, 'pass'],
    ['class_exists', { name: 'CatId' }, 'pass'],
    ['class_exists', { name: 'Role' }, 'pass'],
    ['class_exists', { name: 'BaseRepo' }, 'pass'],
    ['class_exists', { name: 'CatsService' }, 'fail'],
    ['function_exists', { name: 'CatsController.create' }, 'pass'],
    ['function_exists', { name: 'ApiKeyGuard.canActivate' }, 'pass'],
    ['function_exists', { name: 'CatsController.audit' }, 'pass'],
    ['function_exists', { name: 'bootstrap' }, 'pass'],
    ['function_exists', { name: 'BaseRepo.find' }, 'fail'],
    ['function_exists', { name: 'CatsController.canActivate' }, 'fail'],
    ['decorator_present', { function: 'CatsController', decorator: 'UseGuards' }, 'pass'],
    ['decorator_present', { function: 'CatsController', decorator: 'Controller' }, 'pass'],
    ['decorator_present', { function: 'CatsController.create', decorator: 'UsePipes' }, 'pass'],
    ['decorator_present', { function: 'CatsController.create', decorator: 'Post' }, 'pass'],
    ['decorator_present', { function: 'CatsController.create', decorator: 'Get' }, 'fail'],
    ['decorator_present', { function: 'findOne', decorator: 'Roles' }, 'pass'],
    ['decorator_present', { function: 'remove', decorator: 'Roles' }, 'fail'],
    ['decorator_present', { function: 'ApiKeyGuard', decorator: 'Injectable' }, 'pass'],
    ['decorator_present', { function: 'CatsController.create', decorator: 'UseGuards' }, 'fail'],
    ['function_calls', { caller: 'CatsController.create', callee: 'catsService.create' }, 'pass'],
    ['function_calls', { caller: 'bootstrap', callee: 'NestFactory.create' }, 'pass'],
    ['function_calls', { caller: 'bootstrap', callee: 'listen' }, 'pass'],
    ['function_calls', { caller: 'findOne', callee: 'remove' }, 'fail'],
    ['parameter_validated', { function: 'create', parameter: 'createCatDto' }, 'pass'],
    ['parameter_validated', { function: 'findOne', parameter: 'id' }, 'pass'],
    ['parameter_validated', { function: 'remove', parameter: 'id' }, 'fail'],
    ['parameter_validated', { function: 'canActivate', parameter: 'context' }, 'pass'],
    ['error_handled', { function: 'remove' }, 'pass'],
    ['error_handled', { function: 'remove', exception: 'NotFoundError' }, 'pass'],
    ['error_handled', { function: 'findOne' }, 'fail'],
    ['import_present', { module: '@nestjs/common', name: 'UseGuards' }, 'pass'],
    ['import_present', { module: '@nestjs/passport', name: 'AuthGuard' }, 'pass'],
    ['import_present', { module: 'express', name: 'Request' }, 'pass'],
    ['import_present', { module: '@nestjs/common', name: 'AuthGuard' }, 'fail'],
    ['env_var_referenced', { variable: 'API_KEY' }, 'pass'],
    ['env_var_referenced', { variable: 'PORT' }, 'pass'],
    ['middleware_registered', { middleware: 'helmet' }, 'pass'],
    ['middleware_registered', { middleware: 'ValidationPipe' }, 'pass'],
    ['middleware_registered', { middleware: 'ApiKeyGuard' }, 'pass'],
    ['middleware_registered', { middleware: 'AuthGuard' }, 'pass'],
    ['middleware_registered', { middleware: 'CatsService' }, 'fail'],
  ]);
});

describe('real-world TypeScript: Next.js route handlers and middleware', () => {
  const text = `import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getServerSession } from 'next-auth';

const Body = z.object({ email: z.string().email() });

export async function POST(request: NextRequest) {
  const session = await getServerSession(authOptions);
  if (!session) return NextResponse.json({ error: 'unauthorized' }, { status: 401 });
  const parsed = Body.safeParse(await request.json());
  if (!parsed.success) return NextResponse.json(parsed.error, { status: 400 });
  const response = NextResponse.json({ ok: true });
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

export function middleware(request: NextRequest) {
  const token = request.cookies.get('token')?.value;
  if (!token) {
    return NextResponse.redirect(new URL('/login', request.url));
  }
  const res = NextResponse.next();
  res.headers.set('X-Content-Type-Options', 'nosniff');
  return res;
}

export default function handler(req: NextApiRequest, res: NextApiResponse<Data>) {
  res.setHeader('Content-Security-Policy', "default-src 'self'");
  res.status(200).json({ name: process.env.NEXT_PUBLIC_SITE_NAME! });
}

export const config = { matcher: ['/dashboard/:path*'] };

function overload(a: string): string;
function overload(a: number): number;
function overload(a: unknown) { return a; }
declare function ambient(x: string): void;
`;
  cases('app/api/route.ts', text, [
    ['function_exists', { name: 'POST' }, 'pass'],
    ['function_exists', { name: 'middleware' }, 'pass'],
    ['function_exists', { name: 'handler' }, 'pass'],
    ['function_exists', { name: 'overload' }, 'pass'],
    ['function_exists', { name: 'ambient' }, 'fail'],
    ['function_calls', { caller: 'POST', callee: 'getServerSession' }, 'pass'],
    ['function_calls', { caller: 'POST', callee: 'safeParse' }, 'pass'],
    ['function_calls', { caller: 'middleware', callee: 'NextResponse.redirect' }, 'pass'],
    ['parameter_validated', { function: 'POST', parameter: 'request' }, 'pass'],
    ['parameter_validated', { function: 'middleware', parameter: 'request' }, 'pass'],
    ['parameter_validated', { function: 'handler', parameter: 'req' }, 'pass'],
    ['import_present', { module: 'next/server', name: 'NextRequest' }, 'pass'],
    ['import_present', { module: 'next', name: 'NextRequest' }, 'pass'],
    ['import_present', { module: 'zod', name: 'z' }, 'pass'],
    ['import_present', { module: 'next-auth/react' }, 'fail'],
    ['http_header_set', { header: 'cache-control', value_pattern: 'no-store' }, 'pass'],
    ['http_header_set', { header: 'X-Content-Type-Options' }, 'pass'],
    ['http_header_set', { header: 'Content-Security-Policy', value_pattern: "default-src 'self'" }, 'pass'],
    ['http_header_set', { header: 'Set-Cookie' }, 'fail'],
    ['env_var_referenced', { variable: 'NEXT_PUBLIC_SITE_NAME' }, 'pass'],
  ]);
});

describe('real-world TSX: React components and hooks', () => {
  const text = `import { useEffect, useState, type FC } from 'react';
import { useRouter } from 'next/navigation';

type Props = { userId: string };

export const Profile: FC<Props> = ({ userId }) => {
  const [user, setUser] = useState<User | null>(null);
  useEffect(() => {
    fetchUser(userId).then(setUser).catch((err) => setError(err));
  }, [userId]);
  return <div className="profile">{user?.name ?? 'fetchUser()'}</div>;
};

export default function Page({ params }: { params: { id: string } }) {
  const router = useRouter();
  if (!params.id) throw new Error('missing id');
  return <Profile userId={params.id} onClick={() => router.push('/')} />;
}

function useAuth<T extends object>(opts: T) {
  const apiUrl = process.env.NEXT_PUBLIC_API_URL;
  return { apiUrl, ...opts };
}
`;
  cases('app/profile/[id]/page.tsx', text, [
    ['function_exists', { name: 'Profile' }, 'pass'],
    ['function_exists', { name: 'Page' }, 'pass'],
    ['function_exists', { name: 'useAuth' }, 'pass'],
    ['class_exists', { name: 'Props' }, 'pass'],
    ['function_calls', { caller: 'Profile', callee: 'fetchUser' }, 'pass'],
    ['function_calls', { caller: 'Profile', callee: 'useEffect' }, 'pass'],
    ['function_calls', { caller: 'Page', callee: 'router.push' }, 'pass'],
    ['function_calls', { caller: 'Page', callee: 'fetchUser' }, 'fail'],
    ['error_handled', { function: 'Profile' }, 'pass'],
    ['parameter_validated', { function: 'Page', parameter: 'params' }, 'pass'],
    ['env_var_referenced', { variable: 'NEXT_PUBLIC_API_URL' }, 'pass'],
    ['import_present', { module: 'react', name: 'FC' }, 'pass'],
    ['import_present', { module: 'next/navigation', name: 'useRouter' }, 'pass'],
  ]);
});
