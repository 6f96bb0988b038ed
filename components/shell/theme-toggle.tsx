"use client";
import { useId, useState } from "react";
import { SelectField } from "@/components/ui/select-field";

export type Theme = "light" | "dark" | "system";

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

const THEMES = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

/** Light / dark / system theme choice, kept in a cookie so the server renders the right theme first. */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const id = useId();
  return (
    <SelectField
      id={id}
      label="Theme"
      inline
      className="px-3 py-2 text-sm"
      value={theme}
      onChange={(e) => {
        const next = e.target.value as Theme;
        setTheme(next);
        document.cookie = `theme=${next}; path=/; max-age=31536000; samesite=lax`;
        apply(next);
      }}
      options={THEMES}
    />
  );
}
