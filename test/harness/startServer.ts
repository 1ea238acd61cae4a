/**
 * `npm start` where there is no desktop VS Code: code-server on 127.0.0.1 with the sample workspace and
 * this extension in development mode, the URL printed, running until Ctrl+C (which stops code-server's
 * whole process group).
 *
 *   node out/test/harness/startServer.js [--port 8080] [--folder DIR]
 *
 * The workspace is the fixture folder itself (your edits stay there); the user data folder is
 * .vscode-test/start-user-data, so settings you change in the window survive restarts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { startCodeServer } from './codeServer';
import { projectRoot, sampleWorkspace } from './paths';
import { option } from './results';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const folder = path.resolve(option(argv, 'folder') ?? sampleWorkspace());
  const port = Number(option(argv, 'port') ?? process.env.SEQ2SEQ_PORT ?? 8080);
  const userDataDir = path.join(projectRoot(), '.vscode-test', 'start-user-data');
  const extensionsDir = path.join(projectRoot(), '.vscode-test', 'start-extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const server = await startCodeServer({
    folder,
    port,
    userDataDir,
    extensionsDir,
    // Makes the workbench honour `extensionDevelopmentPath` in the URL (see codeServer.ts).
    smokeTestDriver: true,
  });
  const url = server.workbenchUrl([['extensionDevelopmentPath', server.remoteUri(projectRoot())]]);
  process.stdout.write(
    [
      '',
      'Seq2Seq Attention Explorer is running in code-server (VS Code in the browser).',
      `Open this URL in a browser on this machine (or forward port ${server.port}):`,
      '',
      `  ${url}`,
      '',
      `Workspace: ${folder}`,
      'After rebuilding (npm run build), reload the window (F1 > "Developer: Reload Window").',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  // Keep running until a signal; processes.ts stops the process group on SIGINT/SIGTERM/SIGHUP.
  await new Promise<never>(() => {
    setInterval(() => undefined, 1 << 30);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
