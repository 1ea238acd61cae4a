// STUB (owned by the webview helper).
export {};
