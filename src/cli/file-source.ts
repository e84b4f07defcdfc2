/**
 * A dump file as a `ByteSource`: opened once, read at offsets with `fs.readSync`, never loaded whole,
 * so a walk through a 256 MiB (or 64 GiB) image costs a few 4 KiB reads.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { ByteSource } from "../core/dump";
import { InputError } from "./args";

export interface FileSource extends ByteSource {
  close(): void;
}

export function openFileSource(path: string): FileSource {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new InputError(`cannot open ${path}: ${describeFsError(e)}`);
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw new InputError(`${path} is not a regular file`);
  }
  return {
    size: stat.size,
    read(offset: number, length: number): Uint8Array {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, stat.size - offset)));
      let done = 0;
      while (done < buffer.length) {
        let n: number;
        try {
          n = readSync(fd, buffer, done, buffer.length - done, offset + done);
        } catch (e) {
          throw new InputError(`cannot read ${path}: ${describeFsError(e)}`);
        }
        if (n === 0) throw new InputError(`${path} became shorter while it was being read`);
        done += n;
      }
      return buffer;
    },
    close: () => closeSync(fd),
  };
}

function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}
