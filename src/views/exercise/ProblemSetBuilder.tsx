import { useState, type FormEvent } from "react";
import {
  DIFFICULTIES,
  FAMILIES,
  FAMILY_NAMES,
  MAX_SEED,
  MAX_SET_COUNT,
  setFragment,
  type Difficulty,
  type FamilyName,
} from "../../core/exercise";

/**
 * A teacher's problem set: families, how many exercises, the first seed and the difficulty, as
 * one link to share. Bad values are named and no link is made.
 */
export function ProblemSetBuilder() {
  const [families, setFamilies] = useState<readonly FamilyName[]>(["translate"]);
  const [count, setCount] = useState("5");
  const [seed, setSeed] = useState("1");
  const [difficulty, setDifficulty] = useState<Difficulty>("normal");
  const [link, setLink] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const toggle = (name: FamilyName, on: boolean): void =>
    setFamilies(FAMILY_NAMES.filter((f) => (f === name ? on : families.includes(f))));
  const create = (event: FormEvent): void => {
    event.preventDefault();
    setLink(null);
    const n = /^[0-9]+$/.test(count.trim()) ? Number(count) : NaN;
    const s = /^[0-9]+$/.test(seed.trim()) ? Number(seed) : NaN;
    if (families.length === 0) setProblem("Choose at least one family.");
    else if (!(n >= 1 && n <= MAX_SET_COUNT))
      setProblem(`Count must be a whole number from 1 to ${MAX_SET_COUNT}.`);
    else if (!(s >= 0 && s <= MAX_SEED)) setProblem(`Seed must be a whole number from 0 to ${MAX_SEED}.`);
    else {
      setProblem(null);
      setLink(
        location.origin +
          location.pathname +
          location.search +
          setFragment({ families, count: n, seed: s, difficulty }),
      );
    }
  };
  return (
    <details className="exercise-builder">
      <summary>Build a problem set</summary>
      <form aria-label="Problem set" onSubmit={create}>
        <fieldset>
          <legend>Families</legend>
          <div className="exercise-families">
            {FAMILY_NAMES.map((name) => (
              <label key={name}>
                <input
                  type="checkbox"
                  checked={families.includes(name)}
                  onChange={(e) => toggle(name, e.target.checked)}
                />{" "}
                {FAMILIES[name].title}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="exercise-fields">
          <div className="exercise-field">
            <label htmlFor="set-count">Count</label>
            <input
              id="set-count"
              inputMode="numeric"
              value={count}
              onChange={(e) => setCount(e.target.value)}
            />
          </div>
          <div className="exercise-field">
            <label htmlFor="set-seed">Seed</label>
            <input id="set-seed" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} />
          </div>
          <div className="exercise-field">
            <label htmlFor="set-difficulty">Difficulty</label>
            <select
              id="set-difficulty"
              value={difficulty}
              onChange={(e) => setDifficulty(e.target.value as Difficulty)}
            >
              {DIFFICULTIES.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit">Create problem-set link</button>
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        {link && (
          <div className="exercise-field">
            <label htmlFor="set-link">Problem-set link</label>
            <input
              id="set-link"
              className="mono exercise-link"
              readOnly
              value={link}
              onFocus={(e) => e.target.select()}
            />
            <a href={link}>Open the problem set</a>
          </div>
        )}
      </form>
    </details>
  );
}
