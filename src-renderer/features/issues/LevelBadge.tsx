export function LevelBadge({ level }: { level: string }) {
  return (
    <span className={`level level-${level}`} title={level}>
      {level}
    </span>
  );
}
