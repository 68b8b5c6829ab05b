import { useEffect, useRef } from 'react';
import { basicSetup, EditorView } from 'codemirror';
import { Compartment, EditorSelection, EditorState, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet } from '@codemirror/view';
import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';
import type { Runtime } from '../../../shared/model';

const languageOf = (r: Runtime) => (r === 'python' ? python() : javascript());

/** The line a clicked frame points at, highlighted until the text changes or another frame is clicked. */
const markLine = StateEffect.define<number | null>();
const frameLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects)
      if (e.is(markLine)) {
        if (e.value === null) return Decoration.none;
        const line = tr.state.doc.line(e.value);
        return Decoration.set([Decoration.line({ attributes: { class: 'cm-frame-line', 'data-testid': 'frame-line' } }).range(line.from)]);
      }
    return tr.docChanged ? Decoration.none : deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// The last reveal applied, across mounts: coming back to the tab does not jump again.
let revealed = 0;

/**
 * CodeMirror 6 as a controlled-enough React component: the editor owns the text while the
 * user types (React re-rendering a contenteditable would lose the cursor); a `value` from
 * outside (an example opened, a run re-opened) replaces the document only when it differs.
 */
export function CodeEditor({
  value,
  runtime,
  onChange,
  label,
  readOnly = false,
  reveal,
}: {
  value: string;
  runtime: Runtime;
  onChange: (code: string) => void;
  label: string;
  readOnly?: boolean;
  /** Move the cursor to this line (1-based) and highlight it; `seq` tells a new request from the last. */
  reveal?: { line: number; seq: number };
}) {
  const host = useRef<HTMLDivElement | null>(null);
  const view = useRef<EditorView | null>(null);
  const lang = useRef(new Compartment());
  const ro = useRef(new Compartment());
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          lang.current.of(languageOf(runtime)),
          ro.current.of(EditorState.readOnly.of(readOnly)),
          EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'code-editor-content' }),
          frameLine,
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
            // The cursor's line, on the host: what a test (or a screen reader's user) can read.
            if (u.selectionSet || u.docChanged)
              host.current?.setAttribute('data-cursor-line', String(u.state.doc.lineAt(u.state.selection.main.head).number));
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is made once; the effects below carry later changes into it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);
  // After the text effect above: a reveal that came with a newly opened text applies to that text.
  useEffect(() => {
    const v = view.current;
    if (!v || !reveal || reveal.seq <= revealed || v.state.doc.toString() !== value) return;
    revealed = reveal.seq;
    const n = Math.min(Math.max(1, reveal.line), v.state.doc.lines);
    const line = v.state.doc.line(n);
    v.dispatch({
      selection: EditorSelection.cursor(line.from),
      effects: [markLine.of(n), EditorView.scrollIntoView(line.from, { y: 'center' })],
    });
    // The click came from further down the page (a run's stacks, its banner): bring the editor up.
    host.current?.scrollIntoView({ block: 'nearest' });
    v.focus();
  }, [reveal, value]);
  useEffect(() => {
    view.current?.dispatch({ effects: lang.current.reconfigure(languageOf(runtime)) });
  }, [runtime]);
  useEffect(() => {
    view.current?.dispatch({ effects: ro.current.reconfigure(EditorState.readOnly.of(readOnly)) });
  }, [readOnly]);

  return <div className="code-editor" ref={host} data-testid="code-editor" data-cursor-line="1" />;
}
