// Being written: see the issue. Exports land here.
export {};
