/**
 * @fileoverview The pinned timeline: the sample the network wrote at iterations 0, 100, 500,
 * 1,000, 2,000 and 5,000 of the current run, so the story from noise to word shapes stays on
 * screen. Line breaks in a sample are shown as " / ", as when quoting verse.
 */

export class Timeline {
  /** `root` is an <ol>; one item per milestone. */
  constructor(root, milestones) {
    this.items = new Map();
    root.replaceChildren();
    for (const iteration of milestones) {
      const item = document.createElement("li");
      item.dataset.iteration = String(iteration);
      item.dataset.testid = "timeline-item";
      const at = document.createElement("span");
      at.className = "at";
      at.textContent = iteration.toLocaleString("en-US");
      const text = document.createElement("p");
      text.className = "text";
      item.append(at, text);
      root.append(item);
      this.items.set(iteration, { item, text, sample: null }); // null: not drawn yet
    }
  }

  /** Show `samples` (iteration -> text); milestones not reached yet say so. */
  update(samples) {
    for (const [iteration, entry] of this.items) {
      const sample = samples[iteration];
      if (sample === entry.sample) continue;
      entry.sample = sample;
      const pinned = sample !== undefined;
      entry.item.classList.toggle("waiting", !pinned);
      entry.text.textContent = pinned ? sample.trim().replace(/\n+/g, " / ") : "not reached yet";
    }
  }
}
