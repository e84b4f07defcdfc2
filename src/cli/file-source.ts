/**
 * A dump file as a `ByteSource`: opened once, read at offsets with `fs.readSync`, never loaded whole,
 * so a walk through a 256 MiB (or 64 GiB) image costs a few 4 KiB reads.
 *
 * Only a regular file is opened. Its type is checked before `open` (which blocks forever on a FIFO
 * nobody writes to), and again after an `O_NONBLOCK` open, in case the path changed in between.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import type { ByteSource } from "../core/dump";
import { InputError } from "./args";

export interface FileSource extends ByteSource {
  close(): void;
}

export function openFileSource(path: string): FileSource {
  let fd: number;
  try {
    checkRegular(path, statSync(path));
    // O_NONBLOCK: never wait in open (a FIFO swapped in after the check); no effect on a file's reads.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot open ${path}: ${describeFsError(e)}`);
  }
  const stat = fstatSync(fd);
  try {
    checkRegular(path, stat);
  } catch (e) {
    closeSync(fd);
    throw e;
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

/** Refuses anything but a regular file, naming what it is: `x is a named pipe (FIFO), not a regular file`. */
function checkRegular(path: string, stat: Stats): void {
  if (stat.isFile()) return;
  const kind = stat.isFIFO()
    ? "a named pipe (FIFO)"
    : stat.isDirectory()
      ? "a directory"
      : stat.isSocket()
        ? "a socket"
        : stat.isCharacterDevice() || stat.isBlockDevice()
          ? "a device"
          : null;
  throw new InputError(kind ? `${path} is ${kind}, not a regular file` : `${path} is not a regular file`);
}

/** A file system error in the user's words (`no such file`), not Node's code (`ENOENT`). */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "ENOSPC":
      return "no space left on the device";
    case "EROFS":
      return "the file system is read-only";
    case "EIO":
      return "an input/output error";
    default:
      return code ?? (e instanceof Error ? e.message : String(e));
  }
}
