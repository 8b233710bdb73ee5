// The division hierarchy under the user's root, loaded one level at a time. Selecting a node also
// opens it, which is what people expect when drilling from city to community.
import { App, Tree, type TreeDataNode, Typography } from 'antd';
import { type Key, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getDivisionChildren } from '../../api/client';
import type { Division, DivisionChild, DivisionCounts, DivisionLevel } from '../../api/types';
import { countsText } from '../shared/division-labels';
import { useErrorText } from '../shared/use-error-text';

interface DivisionNode extends TreeDataNode {
  key: string;
  name: string;
  level: DivisionLevel;
  counts: DivisionCounts;
  children?: DivisionNode[];
}

function toNode(division: Division | DivisionChild, isLeaf: boolean): DivisionNode {
  return { key: division.code, name: division.name, title: division.name, level: division.level, counts: division.counts, isLeaf };
}

function withChildren(nodes: DivisionNode[], key: string, children: DivisionNode[]): DivisionNode[] {
  return nodes.map((node) => {
    if (node.key === key) return { ...node, children, isLeaf: children.length === 0 };
    if (node.children) return { ...node, children: withChildren(node.children, key, children) };
    return node;
  });
}

function findNode(nodes: DivisionNode[], key: string): DivisionNode | undefined {
  for (const node of nodes) {
    if (node.key === key) return node;
    const found = node.children && findNode(node.children, key);
    if (found) return found;
  }
  return undefined;
}

interface Props {
  root: Division;
  selected: string;
  onSelect: (code: string) => void;
}

export function DivisionTree({ root, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [treeData, setTreeData] = useState<DivisionNode[]>(() => [toNode(root, false)]);
  const [expandedKeys, setExpandedKeys] = useState<Key[]>([root.code]);
  const [loadedKeys, setLoadedKeys] = useState<Key[]>([]);
  const pending = useRef(new Map<string, Promise<boolean>>());
  const treeRef = useRef(treeData);
  treeRef.current = treeData;

  /** Loads a node's children once; resolves false when the request failed (so it can be retried). */
  const load = useCallback(
    (code: string): Promise<boolean> => {
      const node = findNode(treeRef.current, code);
      if (node?.children || node?.isLeaf) return Promise.resolve(true);
      let promise = pending.current.get(code);
      if (!promise) {
        promise = getDivisionChildren(code)
          .then(({ items }) => {
            const children = items.map((item) => toNode(item, !item.hasChildren));
            setTreeData((nodes) => withChildren(nodes, code, children));
            setLoadedKeys((keys) => [...keys, code]);
            return true;
          })
          .catch((error: unknown) => {
            message.error(errorText(error));
            setExpandedKeys((keys) => keys.filter((key) => key !== code));
            return false;
          })
          .finally(() => pending.current.delete(code));
        pending.current.set(code, promise);
      }
      return promise;
    },
    [message, errorText],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: start over for a new root only, not when `load` changes with the language
  useEffect(() => {
    setTreeData([toNode(root, false)]);
    setExpandedKeys([root.code]);
    setLoadedKeys([]);
    void load(root.code);
  }, [root]);

  async function select(code: string) {
    onSelect(code);
    if (code === selected && expandedKeys.includes(code)) {
      setExpandedKeys((keys) => keys.filter((key) => key !== code));
      return;
    }
    const node = findNode(treeRef.current, code);
    if (node?.isLeaf) return;
    if (await load(code)) setExpandedKeys((keys) => (keys.includes(code) ? keys : [...keys, code]));
  }

  return (
    <Tree<DivisionNode>
      className="division-tree"
      data-testid="division-tree"
      blockNode
      showLine={{ showLeafIcon: false }}
      treeData={treeData}
      expandedKeys={expandedKeys}
      loadedKeys={loadedKeys}
      selectedKeys={[selected]}
      onExpand={(keys) => setExpandedKeys(keys)}
      loadData={async (node) => {
        await load(node.key);
      }}
      onSelect={(_, info) => void select(info.node.key)}
      titleRender={(node) => {
        const counts = countsText(t, node.level, node.counts);
        return (
          <span className="division-node" data-testid={`division-node-${node.key}`}>
            <span className="division-node-name">{node.name}</span>
            {counts && (
              <Typography.Text type="secondary" className="division-node-counts">
                {counts}
              </Typography.Text>
            )}
          </span>
        );
      }}
    />
  );
}
