import { describe } from "vitest";
import { familyProperties } from "../__fixtures__/family-properties";

describe("exercise family split-va", () => familyProperties("split-va"));
