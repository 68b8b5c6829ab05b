import { useEffect, useRef } from 'react';
import { basicSetup, EditorView } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';
import type { Runtime } from '../../../shared/model';

const languageOf = (r: Runtime) => (r === 'python' ? python() : javascript());

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
}: {
  value: string;
  runtime: Runtime;
  onChange: (code: string) => void;
  label: string;
  readOnly?: boolean;
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
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
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
  useEffect(() => {
    view.current?.dispatch({ effects: lang.current.reconfigure(languageOf(runtime)) });
  }, [runtime]);
  useEffect(() => {
    view.current?.dispatch({ effects: ro.current.reconfigure(EditorState.readOnly.of(readOnly)) });
  }, [readOnly]);

  return <div className="code-editor" ref={host} data-testid="code-editor" />;
}
