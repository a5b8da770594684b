// Undo / redo over snapshots of the kind's model (JSON strings: cheap to compare and to store).
// Ctrl+Z undoes, Ctrl+Shift+Z (or Ctrl+Y) redoes; text fields keep the browser's own undo.

const LIMIT = 300;

export class History {
  /**
   * @param {() => string} snapshot  the current model as a JSON string
   * @param {(snap: string) => void} restore  puts a snapshot back
   */
  constructor(snapshot, restore) {
    this.snapshot = snapshot;
    this.restore = restore;
    this.undoStack = [];
    this.redoStack = [];
    this.current = snapshot();
    this.listeners = [];
  }

  onChange(f) {
    this.listeners.push(f);
  }

  emit() {
    for (const f of this.listeners) f(this);
  }

  /** Starts afresh from the current model (after loading an answer). */
  reset() {
    this.current = this.snapshot();
    this.undoStack = [];
    this.redoStack = [];
    this.emit();
  }

  /** Records the model as a new step; returns false when nothing changed. */
  commit() {
    const next = this.snapshot();
    if (next === this.current) return false;
    this.undoStack.push(this.current);
    if (this.undoStack.length > LIMIT) this.undoStack.shift();
    this.current = next;
    this.redoStack = [];
    this.emit();
    return true;
  }

  canUndo() {
    return this.undoStack.length > 0;
  }

  canRedo() {
    return this.redoStack.length > 0;
  }

  undo() {
    if (!this.canUndo()) return false;
    this.redoStack.push(this.current);
    this.current = this.undoStack.pop();
    this.restore(this.current);
    this.emit();
    return true;
  }

  redo() {
    if (!this.canRedo()) return false;
    this.undoStack.push(this.current);
    this.current = this.redoStack.pop();
    this.restore(this.current);
    this.emit();
    return true;
  }
}
