// Sentry's built-in fingerprinting base `javascript@2024-02-02`
// (`fingerprinting/configs/javascript@2024-02-02/{001_chunkload_errors,002_hydration_errors}.txt`).

export const BUILTIN_FINGERPRINTING_BASES: Record<string, string> = {
  'javascript@2024-02-02': `
# Chunk load errors: one issue per project, whatever chunk failed to load
family:javascript type:ChunkLoadError -> chunkloaderror
family:javascript value:ChunkLoadError* -> chunkloaderror

# React hydration errors: one issue per transaction
family:javascript tags.transaction:* message:"*Text content does not match server-rendered HTML*" -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:* message:"*Hydration failed because the initial UI does not match what was rendered on the server*" -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:* message:"*There was an error while hydrating*" -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:* message:"*Minified React error #418*" -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:* message:"*Minified React error #419*" -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:* message:"*Minified React error #422*" -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:* message:"*Minified React error #423*" -> hydrationerror, {{tags.transaction}}
family:javascript tags.transaction:* message:"*Minified React error #425*" -> hydrationerror, {{tags.transaction}}
`,
};
