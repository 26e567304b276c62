import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver, type MiddlewareFn } from 'type-graphql';
import { User } from '../db/entities';
import { audit } from '../services/audit';
import { signToken, unknownUserHash, verifyPassword, type AuthUser } from '../services/auth';
import type { Context } from './context';
import { toWire } from './crud';
import { apiError, unauthenticated } from './errors';
import { resource } from './resources';

@ObjectType()
class AuthPayload {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <token>`; valid for 12 hours.' })
  token!: string;
  @Field(() => resource('User').types.object)
  user!: unknown;
}

export function authUserOf(user: User): AuthUser {
  return { id: user.id, username: user.username, role: user.role, departmentId: user.department?.id ?? null };
}

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, { description: 'Exchange a username and password for a token.' })
  async login(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const em = ctx.em.fork();
    const user = username.length <= 50 ? await em.findOne(User, { username: username.trim() }) : null;
    const ok = await verifyPassword(password.slice(0, 200), user?.passwordHash ?? unknownUserHash());
    if (!user || !ok || !user.active) {
      audit(em, null, 'login-failed', 'User', user?.id ?? null, { username: username.slice(0, 50) });
      await em.flush();
      throw apiError(
        'UNAUTHENTICATED',
        user && ok ? '该账户已停用' : '用户名或密码错误',
        user && ok ? 'this account is disabled' : 'wrong username or password',
      );
    }
    const authUser = authUserOf(user);
    ctx.user = authUser; // so that the returned user's relations resolve for them
    audit(em, authUser, 'login', 'User', user.id, null);
    await em.flush();
    return { token: signToken(authUser, ctx.tokenSecret), user: toWire(resource('User'), user as never) };
  }

  @Query(() => resource('User').types.object, { nullable: true, description: 'The logged-in user.' })
  async me(@Ctx() ctx: Context): Promise<unknown> {
    if (!ctx.user) throw unauthenticated();
    const user = await ctx.em.findOneOrFail(User, ctx.user.id);
    return toWire(resource('User'), user as never);
  }
}

const PUBLIC_ROOT_FIELDS = new Set(['login', '__typename', '__schema', '__type']);

/** Every operation but `login` (and introspection: the schema is the public contract) needs a token. */
export const requireLogin: MiddlewareFn<Context> = ({ context, info }, next) => {
  const root = info.parentType.name;
  if ((root === 'Query' || root === 'Mutation') && !context.user && !PUBLIC_ROOT_FIELDS.has(info.fieldName))
    throw unauthenticated();
  return next();
};
