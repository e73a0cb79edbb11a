/**
 * Makes the board's tools for an editor and a campaign session, registers the tool classes on
 * the editor, follows the canvas input, and keeps the tools told of the scene on the board.
 */
import { useEffect, useRef, useState } from 'react';
import type { Editor } from 'tldraw';
import { attachTools, detachTools } from './attachedTools';
import { BoardTools } from './BoardTools';
import { listenToBoardInput } from './boardInput';
import type { BoardToolsSession, BoardToolsView } from './boardToolsSession';
import { useBoardToolsTestHook } from './boardToolsTestHook';
import { BOARD_TOOL_CLASSES } from './boardToolsUi';

/** A session the tools may run on: without a table sync (a stand-in in tests) they do not. */
export type BoardToolsSessionLike = Omit<BoardToolsSession, 'tableSync'> & {
  readonly tableSync?: BoardToolsSession['tableSync'];
};

/**
 * The board tools of `editor`, or null until both it and the session (with its table sync) are
 * there.
 * @param view the scene on the board, its tokens and the viewer: pass a value that changes only
 *   when they do (the board's snapshot does)
 * @param onViewScene shows a scene (for a GM's "look here" on another scene)
 */
export function useBoardTools(
  session: BoardToolsSessionLike | null,
  editor: Editor | null,
  view: BoardToolsView,
  onViewScene?: (sceneId: string) => void,
): BoardTools | null {
  const [tools, setTools] = useState<BoardTools | null>(null);
  const viewScene = useRef(onViewScene);
  viewScene.current = onViewScene;
  useEffect(() => {
    const tableSync = session?.tableSync;
    if (session == null || tableSync === undefined || editor === null) return;
    const toolsSession: BoardToolsSession = {
      campaignId: session.campaignId,
      me: session.me,
      table: session.table,
      tableSync,
      // Read each time: the game system loads after the board opens.
      get rules() {
        return session.rules;
      },
      gm: session.gm,
      intents: session.intents,
      writeAsGm: (write) => session.writeAsGm(write),
      state: () => session.state(),
    };
    const made = new BoardTools(toolsSession, editor, {
      onViewScene: (sceneId) => viewScene.current?.(sceneId),
    });
    const registered = BOARD_TOOL_CLASSES.filter((Tool) => {
      if (editor.root.children?.[Tool.id] !== undefined) return false;
      editor.setTool(Tool);
      return true;
    });
    attachTools(editor, made);
    const stopInput = listenToBoardInput(editor, made);
    setTools(made);
    return () => {
      stopInput();
      if (BOARD_TOOL_CLASSES.some((Tool) => editor.getCurrentToolId() === Tool.id)) {
        editor.setCurrentTool('select');
      }
      for (const Tool of registered) editor.removeTool(Tool);
      detachTools(editor, made);
      made.dispose();
      setTools(null);
    };
  }, [session, editor]);
  useEffect(() => {
    tools?.setView(view);
  }, [tools, view]);
  useBoardToolsTestHook(tools);
  return tools;
}
