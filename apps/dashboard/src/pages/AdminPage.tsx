// Administration: members and roles, API tokens (the secret is shown once, at creation), identity providers.
// Each section shows only to a role holding its permission.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { useCan, useSession } from '../session.js';
import { ErrorList, ErrorState, QueryView } from '../ui/states.js';
import { ConfirmButton, DataTable } from '../ui/table.js';
import { ago } from '../lib/format.js';

export default function AdminPage() {
  const can = useCan();
  const sections = [
    can('members:manage') && <Members key="members" />,
    can('tokens:manage') && <Tokens key="tokens" />,
    can('providers:manage') && <Providers key="providers" />,
  ].filter(Boolean);
  return (
    <>
      <h1>Administration</h1>
      {sections.length === 0 ? (
        <ErrorState error="Your role cannot manage members, tokens or identity providers." />
      ) : (
        sections
      )}
    </>
  );
}

const ROLES = ['viewer', 'scientist', 'admin'] as const;
type Role = (typeof ROLES)[number];

function RoleSelect({
  value,
  onChange,
  label,
  disabled,
}: {
  value: Role;
  onChange: (role: Role) => void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <select
      value={value}
      aria-label={label}
      disabled={disabled}
      onChange={(e) => onChange(e.currentTarget.value as Role)}
    >
      {ROLES.map((r) => (
        <option key={r}>{r}</option>
      ))}
    </select>
  );
}

/** The add-member and create-token form: a name (or email) and a role, cleared once the server accepted it. */
function NameAndRoleForm(props: {
  field: string;
  type?: 'email';
  placeholder?: string;
  inputLabel: string;
  roleLabel: string;
  submit: string;
  pending: boolean;
  onSubmit: (value: string, role: Role, clear: () => void) => void;
}) {
  const [value, setValue] = useState('');
  const [role, setRole] = useState<Role>('scientist');
  return (
    <form
      className="row"
      style={{ marginBottom: 10 }}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(value, role, () => setValue(''));
      }}
    >
      <label className="field">
        {props.field}
        <input
          type={props.type}
          required
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          aria-label={props.inputLabel}
          placeholder={props.placeholder}
        />
      </label>
      <label className="field">
        Role
        <RoleSelect value={role} onChange={setRole} label={props.roleLabel} />
      </label>
      <button type="submit" className="primary" disabled={props.pending}>
        {props.submit}
      </button>
    </form>
  );
}

function Members() {
  const me = useSession();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const setRole = useMutation(trpc.members.setRole.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: invalidate }));
  const add = useMutation(trpc.members.add.mutationOptions({ onSuccess: invalidate }));
  return (
    <section className="panel" aria-labelledby="members-heading">
      <h2 id="members-heading">Members and roles</h2>
      <NameAndRoleForm
        field="Email"
        type="email"
        inputLabel="New member email"
        roleLabel="New member role"
        submit="Add member"
        pending={add.isPending}
        onSubmit={(email, role, clear) => add.mutate({ email, role }, { onSuccess: clear })}
      />
      <ErrorList errors={[add.error, setRole.error, remove.error]} />
      <QueryView query={members} what="members">
        {(data) => (
          <DataTable
            label="Members"
            columns={['Email', 'Role', 'Joined', { label: 'Actions', actions: true }]}
            rows={data.members}
            rowKey={(member) => member.userId}
            cells={(member) => (
              <>
                <td>{member.email}</td>
                <td>
                  <RoleSelect
                    value={member.role as Role}
                    label={`Role of ${member.email}`}
                    disabled={member.userId === me.user.id || setRole.isPending}
                    onChange={(role) => setRole.mutate({ userId: member.userId, role })}
                  />
                </td>
                <td>{ago(member.joinedAt)}</td>
                <td>
                  {member.userId !== me.user.id && (
                    <ConfirmButton
                      question={`Remove ${member.email} from the organisation?`}
                      onConfirm={() => remove.mutate({ userId: member.userId })}
                    >
                      Remove
                    </ConfirmButton>
                  )}
                </td>
              </>
            )}
          />
        )}
      </QueryView>
    </section>
  );
}

function Tokens() {
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: (token, input) => (setCreated({ name: input.name, secret: token.token }), invalidate()),
    }),
  );
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: invalidate }));
  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="small muted">
        For scripts: send <code>Authorization: Bearer &lt;token&gt;</code> to the REST API.
      </p>
      <NameAndRoleForm
        field="Name"
        placeholder="e.g. nightly screening"
        inputLabel="Token name"
        roleLabel="Token role"
        submit="Create token"
        pending={create.isPending}
        onSubmit={(name, role, clear) => create.mutate({ name, role }, { onSuccess: clear })}
      />
      {created && (
        <div className="token-once" role="status">
          <strong>Copy the token “{created.name}” now: it is shown only once.</strong>
          <div className="mono" data-testid="new-token">
            {created.secret}
          </div>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.secret)}>
            Copy
          </button>{' '}
          <button type="button" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      )}
      <ErrorList errors={[create.error, revoke.error]} />
      <QueryView query={tokens} what="tokens">
        {(data) => (
          <DataTable
            label="API tokens"
            columns={['Name', 'Prefix', 'Role', 'Owner', 'Last used', 'State', { label: 'Actions', actions: true }]}
            rows={data.tokens}
            rowKey={(token) => token.id}
            cells={(token) => (
              <>
                <td>{token.name}</td>
                <td className="mono">{token.prefix}…</td>
                <td>{token.role}</td>
                <td>{token.ownerEmail}</td>
                <td>{token.lastUsedAt ? ago(token.lastUsedAt) : 'never'}</td>
                <td>
                  {token.revokedAt ? (
                    <span className="badge failed">revoked</span>
                  ) : (
                    <span className="badge succeeded">active</span>
                  )}
                </td>
                <td>
                  {!token.revokedAt && (
                    <ConfirmButton
                      question={`Revoke ${token.name}? Scripts using it stop working.`}
                      onConfirm={() => revoke.mutate({ tokenId: token.id })}
                    >
                      Revoke
                    </ConfirmButton>
                  )}
                </td>
              </>
            )}
          />
        )}
      </QueryView>
    </section>
  );
}

function Providers() {
  const providers = useQuery(trpc.providers.list.queryOptions());
  return (
    <section className="panel" aria-labelledby="providers-heading">
      <h2 id="providers-heading">Identity providers</h2>
      <QueryView query={providers} what="identity providers">
        {(data) => (
          <DataTable
            label="Identity providers"
            columns={['Name', 'Issuer', 'Client id', 'Email domains', 'Default role', 'Enabled']}
            rows={data.providers}
            rowKey={(provider) => provider.id}
            cells={(provider) => (
              <>
                <td>{provider.displayName}</td>
                <td className="mono small">{provider.issuer}</td>
                <td className="mono small">{provider.clientId}</td>
                <td>{provider.allowedEmailDomains.join(', ') || 'any'}</td>
                <td>{provider.defaultRole}</td>
                <td>{provider.enabled ? 'yes' : 'no'}</td>
              </>
            )}
          />
        )}
      </QueryView>
    </section>
  );
}
