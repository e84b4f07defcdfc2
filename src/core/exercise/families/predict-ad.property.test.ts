import { describe } from "vitest";
import { familyProperties } from "../__fixtures__/family-properties";

describe("exercise family predict-ad", () => familyProperties("predict-ad"));
