// Administration: members and roles, API tokens (the secret is shown once, at creation), identity providers, the
// result cache (how long and how confident a stored docking must be to be reused; clearing it), the quotas.
// Each section shows only to a role holding its permission.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { useCan, useSession } from '../session.js';
import { ErrorList, ErrorState, QueryView } from '../ui/states.js';
import { ConfirmButton, DataTable } from '../ui/table.js';
import { ago } from '../lib/format.js';
import { QuotaSummary, useOrgQuotas } from './quotas.js';

export default function AdminPage() {
  const can = useCan();
  const sections = [
    can('members:manage') && <Members key="members" />,
    can('tokens:manage') && <Tokens key="tokens" />,
    can('providers:manage') && <Providers key="providers" />,
    can('settings:manage') && <ResultCache key="cache" />,
    can('settings:manage') && <Quotas key="quotas" />,
  ].filter(Boolean);
  return (
    <>
      <h1>Administration</h1>
      {sections.length === 0 ? (
        <ErrorState error="Your role cannot manage members, tokens, identity providers or settings." />
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

/** A number field of the settings form: empty means "the server default" (null). */
function SettingField(props: {
  label: string;
  hint: string;
  value: string;
  step: number;
  min: number;
  max: number;
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      {props.label}
      <input
        type="number"
        step={props.step}
        min={props.min}
        max={props.max}
        value={props.value}
        placeholder={props.hint}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        aria-label={props.label}
      />
    </label>
  );
}

/** The organisation's quotas and usage; the server's environment sets them (JOB_MAX_*, ORG_MAX_*, README). */
function Quotas() {
  const quotas = useOrgQuotas();
  return (
    <section className="panel" aria-labelledby="quotas-heading">
      <h2 id="quotas-heading">Quotas</h2>
      <p className="small muted">
        Set by the server&apos;s operator. A job over a per-job limit is refused at once; one that would take the
        organisation over its active jobs or ligands in flight is refused until others finish.
      </p>
      <QueryView query={quotas} what="quotas">
        {(data) => <QuotaSummary quotas={data} />}
      </QueryView>
    </section>
  );
}

function ResultCache() {
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.orgs.settings.get.queryOptions());
  const update = useMutation(
    trpc.orgs.settings.update.mutationOptions({
      onSuccess: (answer) => queryClient.setQueryData(trpc.orgs.settings.get.queryKey(), answer),
    }),
  );
  const clear = useMutation(trpc.orgs.settings.clearCache.mutationOptions());
  const [ttl, setTtl] = useState<string | null>(null);
  const [confidence, setConfidence] = useState<string | null>(null);
  const asSetting = (text: string) => (text.trim() === '' ? null : Number(text));
  return (
    <section className="panel" aria-labelledby="cache-heading">
      <h2 id="cache-heading">Result cache</h2>
      <p className="small muted">
        A job reuses a stored result when the same ligand, receptor, box, parameters and versions were docked before in
        this organisation, and the result is young and confident enough. Jobs may ask for less (useCache,
        cacheMaxAgeDays, cacheMinConfidence). Empty fields use the server default.
      </p>
      <QueryView query={settings} what="settings">
        {(data) => (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({
                cacheTtlDays: asSetting(ttl ?? String(data.settings.cacheTtlDays ?? '')),
                cacheMinConfidence: asSetting(confidence ?? String(data.settings.cacheMinConfidence ?? '')),
              });
            }}
          >
            <SettingField
              label="Reuse results for (days, 0: never)"
              hint={`default ${data.defaults.cacheTtlDays}`}
              value={ttl ?? String(data.settings.cacheTtlDays ?? '')}
              step={1}
              min={0}
              max={36_500}
              onChange={setTtl}
            />
            <SettingField
              label="Minimum confidence to reuse (0–1)"
              hint={`default ${data.defaults.cacheMinConfidence}`}
              value={confidence ?? String(data.settings.cacheMinConfidence ?? '')}
              step={0.05}
              min={0}
              max={1}
              onChange={setConfidence}
            />
            <button type="submit" className="primary" disabled={update.isPending}>
              Save
            </button>
            <p className="small" data-testid="cache-effective">
              In force: results up to {data.effective.cacheTtlDays} days old with confidence ≥{' '}
              {data.effective.cacheMinConfidence}
            </p>
          </form>
        )}
      </QueryView>
      {update.error && <ErrorState error={update.error} />}
      <div className="row" style={{ marginTop: 10 }}>
        <ConfirmButton
          question="Forget every stored docking result of this organisation? Later jobs dock everything again."
          disabled={clear.isPending}
          onConfirm={() => clear.mutate()}
        >
          Clear the cache
        </ConfirmButton>
        {clear.data && (
          <span className="small" role="status">
            {clear.data.resultsDeleted} stored result(s) forgotten
          </span>
        )}
      </div>
      {clear.error && <ErrorState error={clear.error} />}
    </section>
  );
}
