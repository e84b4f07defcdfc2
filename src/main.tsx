import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles/app.css";
import "./styles/layout.css";
import "./styles/forced-colors.css";

const container = document.getElementById("root");
if (!container) {
  throw new Error("Pagewalk: #root element is missing from index.html");
}

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
