/**
 * Where the command line writes: the real stdout/stderr in `main.ts`, strings in the tests. Its own
 * file so that every command can take it without importing the dispatcher that calls it.
 */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of standard input (tests give a string; unset: the process's stdin). */
  readonly stdin?: () => string;
}

/**
 * Thrown by `CliIO.stdout` when nobody reads the output any more (`pagewalk mappings … | head`):
 * the command stops at once and the program ends quietly, with exit code 0.
 */
export class OutputClosed extends Error {
  constructor() {
    super("the output was closed");
  }
}

/**
 * Text written in chunks of about `chunkBytes` characters: a listing of any length goes out as it
 * is produced, so memory stays flat whatever its length (`CliIO.stdout` blocks until a chunk is
 * taken).
 */
export class ChunkedOutput {
  private parts: string[] = [];
  private length = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly chunkBytes = 64 * 1024,
  ) {}

  add(text: string): void {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= this.chunkBytes) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.length = 0;
    this.write(text);
  }
}

/**
 * A JSON array with one element per line, written element by element: 70,000 mappings stay
 * greppable and diffable, and a million never sit in memory together. `[]` when empty.
 */
export class JsonLines {
  private count = 0;

  constructor(private readonly out: ChunkedOutput) {}

  add(json: string): void {
    this.out.add(this.count++ === 0 ? `[\n${json}` : `,\n${json}`);
  }

  end(): void {
    this.out.add(this.count === 0 ? "[]\n" : "\n]\n");
  }
}
