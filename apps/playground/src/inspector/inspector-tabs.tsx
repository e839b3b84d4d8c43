import { type KeyboardEvent, type ReactNode, useRef, useState } from 'react';

/** Tabs over the inspector panels (WAI-ARIA tabs: arrow keys move between tabs). */
export function InspectorTabs({
  tabs,
}: {
  tabs: Array<{ id: string; label: string; content: () => ReactNode }>;
}) {
  const [active, setActive] = useState(tabs[0]?.id ?? '');
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + tabs.length) % tabs.length;
    setActive(tabs[next]!.id);
    buttons.current[next]?.focus();
  };
  const current = tabs.find((tab) => tab.id === active) ?? tabs[0];

  return (
    <div className="flex min-h-0 flex-col">
      <div role="tablist" aria-label="Inspector" className="flex border-b border-slate-200 bg-white px-2">
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === current?.id}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === current?.id ? 0 : -1}
            onClick={() => setActive(tab.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
            className={`border-b-2 px-4 py-2 font-semibold focus:outline-2 focus:outline-indigo-600 ${
              tab.id === current?.id
                ? 'border-indigo-600 text-indigo-900'
                : 'border-transparent text-slate-600'
            }`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {current && (
        <div
          role="tabpanel"
          id={`panel-${current.id}`}
          aria-labelledby={`tab-${current.id}`}
          className="min-h-0 flex-1 overflow-y-auto p-4"
        >
          {current.content()}
        </div>
      )}
    </div>
  );
}
