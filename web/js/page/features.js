/**
 * @fileoverview Everything around the live panel: the article's live figures (explainer.js), the
 * classroom tools (keys, presenter mode, skip ahead, share, save and load) and embed mode. Each
 * module's `install({send})` wires its controls and returns the worker messages it listens to;
 * main.js calls `installFeatures` once and runs these handlers after its own.
 */
import * as explainer from "./explainer.js";
import * as keys from "./keys.js";
import * as present from "./present.js";
import * as skip from "./skip.js";
import * as share from "./share.js";
import * as checkpoint from "./checkpoint.js";
import * as embed from "./embed.js";
import * as access from "./access.js";
import * as surprise from "./surprise-card.js";
import * as loadProgress from "./load-progress.js";
import * as compare from "./compare/compare.js";
import * as echo from "./compare/echo.js";
import * as steps from "./shortfalls/steps.js";
import * as lookback from "./shortfalls/lookback.js";
import * as units from "./units/card.js";
import * as heatmapWords from "./heatmap-words.js";
import * as game from "./game/card.js";
import * as memoryViews from "./memory-views.js";
import * as lineage from "./lineage.js";

const MODULES = [explainer, keys, present, skip, share, checkpoint, embed, access, surprise, loadProgress, compare, echo, units, heatmapWords, game, memoryViews, lineage, steps, lookback];

/** Install every feature; their worker-message handlers by type (several may share a type). */
export function installFeatures(context) {
  const handlers = {};
  for (const module of MODULES) {
    for (const [type, handler] of Object.entries(module.install(context) || {})) {
      const before = handlers[type];
      handlers[type] = before ? (message) => { before(message); handler(message); } : handler;
    }
  }
  return handlers;
}
