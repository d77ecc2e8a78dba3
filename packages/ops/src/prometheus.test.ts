// infra/prometheus checked by Debian's promtool: both scrape configurations, the recording and alert rules, and the
// alerts' unit tests (tests/alerts.test.yml: each alert fires on the series it is about and stays quiet otherwise).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { infraDir } from './paths.js';

const prometheusDir = join(infraDir, 'prometheus');
const scratch = mkdtempSync(join(tmpdir(), 'mad-promtool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, { cwd: prometheusDir, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('infra/prometheus', () => {
  it('prometheus.yml (static targets) passes promtool check config, rules included', () => {
    const { status, output } = promtool('check', 'config', 'prometheus.yml');
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  it('prometheus-kubernetes.yml passes promtool with its pod discovery swapped for an empty static list', () => {
    // Debian builds Prometheus without the Kubernetes discovery plugin; everything else (relabelling, rules) is checked.
    const text = readFileSync(join(prometheusDir, 'prometheus-kubernetes.yml'), 'utf8');
    expect(text).toContain('kubernetes_sd_configs:');
    const config = parse(text) as { scrape_configs: Record<string, unknown>[] };
    for (const job of config.scrape_configs) {
      expect(job.kubernetes_sd_configs).toBeDefined();
      delete job.kubernetes_sd_configs;
      job.static_configs = [{ targets: [] }];
    }
    cpSync(join(prometheusDir, 'rules'), join(scratch, 'rules'), { recursive: true });
    writeFileSync(join(scratch, 'prometheus.yml'), JSON.stringify(config));
    const result = spawnSync('promtool', ['check', 'config', join(scratch, 'prometheus.yml')], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('the recording and alert rules pass promtool check rules', () => {
    const files = readdirSync(join(prometheusDir, 'rules')).map((file) => join('rules', file));
    expect(files).toEqual(expect.arrayContaining(['rules/recording.yml', 'rules/alerts.yml']));
    const { status, output } = promtool('check', 'rules', ...files);
    expect(output).not.toContain('FAILED');
    expect(status).toBe(0);
  });

  it('every alert has a summary, a runbook and a unit test that expects it to fire', () => {
    const alerts = (
      parse(readFileSync(join(prometheusDir, 'rules', 'alerts.yml'), 'utf8')) as {
        groups: { rules: { alert: string; annotations: Record<string, string> }[] }[];
      }
    ).groups.flatMap((group) => group.rules);
    const tests = readFileSync(join(prometheusDir, 'tests', 'alerts.test.yml'), 'utf8');
    expect(alerts.length).toBeGreaterThanOrEqual(11);
    for (const alert of alerts) {
      expect(alert.annotations.summary, alert.alert).toBeTruthy();
      expect(alert.annotations.runbook?.length ?? 0, alert.alert).toBeGreaterThan(80);
      expect(tests, alert.alert).toMatch(new RegExp(`alertname: ${alert.alert}\\n\\s+exp_alerts:\\n\\s+- exp_labels`));
    }
  });

  it("the Grafana dashboard's queries are valid PromQL (checked as recording rules by promtool)", () => {
    const dashboard = JSON.parse(
      readFileSync(join(prometheusDir, '..', 'grafana', 'dashboards', 'mad-operations.json'), 'utf8'),
    ) as { panels: { targets?: { expr: string }[] }[] };
    const rules = dashboard.panels
      .flatMap((panel) => panel.targets ?? [])
      .map((target, index) => ({ record: `dashboard:query_${index}`, expr: target.expr }));
    const file = join(scratch, 'dashboard-queries.yml');
    writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
    const result = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('the alerts pass their unit tests (promtool test rules)', () => {
    const { status, output } = promtool('test', 'rules', 'tests/alerts.test.yml');
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });
});
