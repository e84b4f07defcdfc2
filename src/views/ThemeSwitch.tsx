import { useEffect, useId, useState } from "react";

type Theme = "system" | "light" | "dark";
const KEY = "pagewalk-theme";

function storedTheme(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : "system";
  } catch {
    return "system";
  }
}

/** Light / dark theme: follows prefers-color-scheme unless chosen here (remembered in localStorage). */
export function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const id = useId();
  useEffect(() => {
    const root = document.documentElement;
    if (theme === "system") delete root.dataset["theme"];
    else root.dataset["theme"] = theme;
    try {
      if (theme === "system") localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, theme);
    } catch {
      // storage may be unavailable (private mode); the choice then lasts for this page only
    }
  }, [theme]);
  return (
    <div className="theme-switch">
      <label htmlFor={id}>Theme</label>
      <select id={id} value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </div>
  );
}
