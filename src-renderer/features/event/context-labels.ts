/**
 * The names Sentry's event page gives the known fields of the known context types and of the user
 * (`static/app/components/events/contexts/knownContext/`), and the fields it does not show: a browser's,
 * OS's or runtime's own one-line summary Relay adds (`browser: "Chrome 120.0"`), and the user's
 * `sentry_user`, which Sentry's API leaves out. Any other field shows under its key.
 */
const LABELS: Record<string, Record<string, string>> = {
  os: {
    name: 'Name',
    version: 'Version',
    build: 'Build',
    kernel_version: 'Kernel Version',
    rooted: 'Rooted',
    theme: 'Theme',
    raw_description: 'Raw Description',
    distribution: 'Distro',
  },
  browser: { name: 'Name', version: 'Version' },
  runtime: { name: 'Name', version: 'Version', build: 'Build', raw_description: 'Raw Description' },
  device: {
    name: 'Name',
    family: 'Family',
    model_id: 'Model Id',
    model: 'Model',
    cpu_description: 'CPU Description',
    arch: 'Architecture',
    battery_level: 'Battery Level',
    battery_status: 'Battery Status',
    battery_temperature: 'Battery Temperature (°C)',
    orientation: 'Orientation',
    memory: 'Memory',
    storage: 'Capacity',
    free_storage: 'Free Storage',
    storage_size: 'Storage Size',
    external_storage_size: 'External Storage Size',
    external_free_storage: 'External Free Storage',
    simulator: 'Simulator',
    boot_time: 'Boot Time',
    device_type: 'Device Type',
    brand: 'Brand',
    charging: 'Charging',
    low_memory: 'Low Memory',
    free_memory: 'Free Memory',
    memory_size: 'Memory Size',
    usable_memory: 'Usable Memory',
    manufacturer: 'Manufacturer',
    online: 'Online',
    screen_density: 'Screen Density',
    screen_dpi: 'Screen DPI',
    screen_height_pixels: 'Screen Height Pixels',
    screen_resolution: 'Screen Resolution',
    screen_width_pixels: 'Screen Width Pixels',
  },
  app: {
    app_id: 'ID',
    app_start_time: 'Start Time',
    device_app_hash: 'Device',
    build_type: 'Build Type',
    app_identifier: 'Build ID',
    app_name: 'Build Name',
    app_version: 'Version',
    app_build: 'App Build',
    in_foreground: 'In Foreground',
    app_memory: 'Memory Usage',
    view_names: 'View Names',
  },
  gpu: {
    name: 'Name',
    version: 'Version',
    id: 'GPU ID',
    vendor_id: 'Vendor ID',
    vendor_name: 'Vendor Name',
    memory_size: 'Memory',
    api_type: 'API Type',
    multi_threaded_rendering: 'Multi-Thread Rendering',
    npot_support: 'NPOT Support',
    max_texture_size: 'Max Texture Size',
    graphics_shader_level: 'Approx. Shader Capability',
    supports_draw_call_instancing: 'Supports Draw Call Instancing',
    supports_ray_tracing: 'Supports Ray Tracing',
    supports_compute_shaders: 'Supports Compute Shaders',
    supports_geometry_shaders: 'Supports Geometry Shaders',
  },
  culture: {
    calendar: 'Calendar',
    display_name: 'Display Name',
    locale: 'Locale',
    is_24_hour_format: 'Uses 24h Format',
    timezone: 'Timezone',
  },
  trace: {
    trace_id: 'Trace ID',
    span_id: 'Span ID',
    parent_span_id: 'Parent Span ID',
    op: 'Operation Name',
    status: 'Status',
    exclusive_time: 'Exclusive Time (ms)',
    client_sample_rate: 'Client Sample Rate',
    dynamic_sampling_context: 'Dynamic Sampling Context',
    origin: 'Origin',
    data: 'Data',
    transaction_name: 'Transaction',
  },
  user: {
    id: 'ID',
    email: 'Email',
    username: 'Username',
    ip_address: 'IP Address',
    name: 'Name',
    geo: 'Geography',
  },
};

const HIDDEN: Record<string, ReadonlySet<string>> = {
  os: new Set(['os']),
  browser: new Set(['browser']),
  runtime: new Set(['runtime']),
  user: new Set(['sentry_user']),
};

/** The name Sentry shows for a field of a context (or `user`) of this type. */
export function fieldLabel(type: string, key: string): string {
  return LABELS[type]?.[key] ?? key;
}

/** Whether Sentry leaves this field of a context (or `user`) of this type out. */
export function hiddenField(type: string, key: string): boolean {
  return HIDDEN[type]?.has(key) ?? false;
}
