import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { raw } from '@mikro-orm/core';
import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { RevokedToken, User } from '../db/entities';
import { audit } from '../services/audit';
import { signToken, unknownUserHash, verifyPassword, type AuthUser } from '../services/auth';
import type { Context } from './context';
import { toWire } from './crud';
import { apiError, tooManyLogins, unauthenticated } from './errors';
import { resource } from './resources';

@ObjectType({ simpleResolvers: true })
class AuthPayload {
  @Field(() => String, {
    description:
      'Send as `Authorization: Bearer <token>`; valid for 12 hours, until `logout`, or until the password, role or department changes.',
  })
  token!: string;
  @Field(() => resource('User').types.object)
  user!: unknown;
}

export function authUserOf(user: User): AuthUser {
  return { id: user.id, username: user.username, role: user.role, departmentId: user.department?.id ?? null };
}

@Resolver()
export class AuthResolver {
  @Mutation(() => AuthPayload, {
    description:
      'Exchange a username and password for a token. Failed logins are counted per username and per client address; past the limit, login answers TOO_MANY_REQUESTS with `retryAfter` seconds.',
  })
  async login(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<AuthPayload> {
    const throttle = ctx.request?.loginThrottle;
    const address = ctx.request?.clientAddress ?? '';
    // A locked username or address is refused before the password is even compared.
    const wait = throttle ? await throttle.wait(username, address) : 0;
    if (wait > 0) throw tooManyLogins(wait);
    const em = ctx.em.fork();
    const user = username.length <= 50 ? await em.findOne(User, { username: username.trim() }) : null;
    const ok = await verifyPassword(password.slice(0, 200), user?.passwordHash ?? unknownUserHash());
    if (!user || !ok || !user.active) {
      const locked = !ok && throttle ? await throttle.failed(username, address) : 0;
      audit(em, null, 'login-failed', 'User', user?.id ?? null, {
        username: username.slice(0, 50),
        ...(locked ? { lockedSeconds: locked } : {}),
      });
      await em.flush();
      throw apiError(
        'UNAUTHENTICATED',
        user && ok ? '该账户已停用' : '用户名或密码错误',
        user && ok ? 'this account is disabled' : 'wrong username or password',
      );
    }
    const authUser = authUserOf(user);
    ctx.user = authUser; // so that the returned user's relations resolve for them
    await throttle?.succeeded(username);
    audit(em, authUser, 'login', 'User', user.id, null);
    await em.flush();
    return {
      token: signToken(authUser, ctx.tokenSecret, user.tokenVersion),
      user: toWire(resource('User'), user as never),
    };
  }

  @Mutation(() => Boolean, {
    description: 'Ends this session: the token of this request stops working at once, on every server.',
  })
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    const session = ctx.user?.session;
    if (!ctx.user || !session) throw unauthenticated();
    const em = ctx.em.fork();
    // Rows of tokens past their expiry are no longer needed: an expired token fails anyway.
    await em.nativeDelete(RevokedToken, { expiresAt: { $lt: new Date() } });
    em.create(RevokedToken, { jti: session.jti, userId: ctx.user.id, expiresAt: session.expiresAt });
    audit(em, ctx.user, 'logout', 'User', ctx.user.id, null);
    await em.flush();
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      "Ends every session of the caller (all of the user's tokens, on every device), this one included.",
  })
  async logoutEverywhere(@Ctx() ctx: Context): Promise<boolean> {
    if (!ctx.user) throw unauthenticated();
    const em = ctx.em.fork();
    await em.nativeUpdate(User, { id: ctx.user.id }, { tokenVersion: raw('token_version + 1') });
    audit(em, ctx.user, 'logout-everywhere', 'User', ctx.user.id, null);
    await em.flush();
    return true;
  }

  @Query(() => resource('User').types.object, { nullable: true, description: 'The logged-in user.' })
  async me(@Ctx() ctx: Context): Promise<unknown> {
    if (!ctx.user) throw unauthenticated();
    const user = await ctx.em.findOneOrFail(User, ctx.user.id);
    return toWire(resource('User'), user as never);
  }
}

const PUBLIC_ROOT_FIELDS = new Set(['login']);

/**
 * Every operation but `login` needs a token (introspection too is public: the schema is the
 * contract, and `__schema`/`__type`/`__typename` are not fields of Query). The check wraps the
 * root fields only. A type-graphql global middleware would do the same job but wraps every field
 * of every type in an async chain (several promises per scalar of every row), which cost more
 * than the whole decision on the checkLeniency path (bench/leniency.ts).
 */
export function requireLoginOnRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (PUBLIC_ROOT_FIELDS.has(field.name)) continue;
      const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context: Context, info) => {
        if (!context.user) throw unauthenticated();
        return resolve(root, args, context, info);
      };
    }
  }
  return schema;
}
