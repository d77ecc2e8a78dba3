// Projects: named groups of the organisation's jobs and ligand sets. A project links to its jobs (the jobs list
// filtered by it); jobs and sets are put in a project when they are made (the new-job form, the ligand picker).
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { Link } from '../router.js';
import { useCan } from '../session.js';
import { Empty, ErrorState, QueryView } from '../ui/states.js';
import { DataTable } from '../ui/table.js';
import { ago } from '../lib/format.js';

export default function ProjectsPage() {
  const can = useCan();
  const queryClient = useQueryClient();
  const projects = useQuery(trpc.projects.list.queryOptions({ limit: 200 }));
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: () => {
        setName('');
        setDescription('');
        void queryClient.invalidateQueries({ queryKey: trpc.projects.list.pathKey() });
      },
    }),
  );
  return (
    <>
      <h1>Projects</h1>
      {can('jobs:write') && (
        <form
          className="panel row"
          aria-label="New project"
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) create.mutate({ name: name.trim(), ...(description.trim() ? { description } : {}) });
          }}
        >
          <label className="field">
            Project name
            <input value={name} maxLength={200} onChange={(e) => setName(e.currentTarget.value)} />
          </label>
          <label className="field">
            Description
            <input value={description} maxLength={2000} onChange={(e) => setDescription(e.currentTarget.value)} />
          </label>
          <button type="submit" className="primary" disabled={!name.trim() || create.isPending}>
            Create project
          </button>
          {create.error ? <ErrorState error={create.error} /> : null}
        </form>
      )}
      <QueryView
        query={projects}
        what="projects"
        isEmpty={(data) => data.projects.length === 0}
        empty={<Empty title="No projects yet">A project groups jobs and ligand sets: give it a name above.</Empty>}
      >
        {(data) => (
          <DataTable
            label="Projects"
            wrap
            columns={[
              'Project',
              'Description',
              { label: 'Jobs', numeric: true },
              { label: 'Ligand sets', numeric: true },
              'Created',
            ]}
            rows={data.projects}
            rowKey={(project) => project.id}
            cells={(project) => (
              <>
                <td>
                  <Link to={`/jobs?project=${project.id}`}>{project.name}</Link>
                </td>
                <td>{project.description || '—'}</td>
                <td className="num">{project.jobCount}</td>
                <td className="num">{project.ligandSetCount}</td>
                <td>{ago(project.createdAt)}</td>
              </>
            )}
          />
        )}
      </QueryView>
    </>
  );
}
