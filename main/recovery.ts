import * as path from 'node:path';

/** The file operations recovery needs, injectable for tests. */
export interface RecoveryFs {
  writeFile(file: string, text: string): Promise<void>;
  readFile(file: string): Promise<string>;
  rm(file: string): Promise<void>;
  exists(file: string): boolean;
}

/**
 * Autosave of the open design to a recovery file while it has unsaved changes; removed
 * on a clean save or close. A recovery file found at start means the last session
 * crashed: the UI offers to recover it.
 */
export class Recovery {
  readonly file: string;
  constructor(
    dir: string,
    private readonly fs: RecoveryFs,
  ) {
    this.file = path.join(dir, 'recovery.spinplan.json');
  }
  leftover(): string | null {
    return this.fs.exists(this.file) ? this.file : null;
  }
  async autosave(designJson: string): Promise<void> {
    await this.fs.writeFile(this.file, designJson);
  }
  async clear(): Promise<void> {
    if (this.fs.exists(this.file)) await this.fs.rm(this.file);
  }
}
