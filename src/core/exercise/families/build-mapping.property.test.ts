import { describe } from "vitest";
import { familyProperties } from "../__fixtures__/family-properties";

describe("exercise family build-mapping", () => familyProperties("build-mapping"));
