// Built-in stack-trace rules shared by the `all-platforms` enhancement bases.
// Categories: threadbase (thread entry), internals (implementation frames below an API entry
// point), indirection (trampolines, closures, `.cold` splits), throw (abort/raise machinery),
// telemetry (crash reporters), malloc, driver, system, std, framework.

export const COMMON_RULES = `
## In-app detection: native
family:native package:/var/containers/Bundle/Application/**          +app
family:native package:/private/var/containers/Bundle/Application/**  +app
family:native package:**/Developer/CoreSimulator/Devices/**          +app
family:native package:**/Containers/Bundle/Application/**            +app
family:native package:**.app/Contents/**                             +app
family:native package:/Users/**                                      +app
family:native package:/lib/**                                        -app
package:/usr/lib/**                                                  -app
family:native package:/usr/local/lib/**                              -app
family:native package:/usr/local/Cellar/**                           -app
family:native package:linux-gate.so*                                 -app
family:native package:/Applications/**                               -app
family:native package:/Library/**                                    -app
family:native package:/System/**                                     -app
family:native package:c:/windows/**                                  -app
family:native package:"c:/program files/**"                          -app
family:native package:"c:/program files (x86)/**"                      -app
family:native package:c:/programdata/**                              -app
family:native package:/system/**                                     -app
family:native package:/apex/**                                       -app
family:native package:/vendor/**                                     -app
family:native function:std::*                                        -app
family:native function:core::*                                       -app
family:native function:alloc::*                                      -app
family:native function:__rust_*                                      -app

## In-app detection: vendored and installed packages
path:**/node_modules/**           -app
path:**/site-packages/**          -app
path:**/dist-packages/**          -app
path:**/vendor/**                 -app
path:**/go/pkg/mod/**             -app
path:**https://unpkg.com/**       -app
path:**https://cdnjs.cloudflare.com/**  -app
path:**https://cdn.jsdelivr.net/**      -app
path:**https://esm.run/**         -app

## Other telemetry agents: noise (New Relic's Python agent wraps the app's functions in its hooks)
module:newrelic                   -app -group
path:**/*newrelic*/**             -app -group
path:**/*LogRocket*/**            -app -group

## JavaScript: transpiler helpers and polyfills
# Keyed on the module only: a bundled copy whose module keeps its vendoring path
# (.../node_modules/@babel/runtime/..., as webpack source maps give it) still groups, as
# Sentry's javascript_xbrowser_sentryui_safari snapshot shows.
module:@babel/**                  -app -group
module:core-js/**                 -app -group
module:regenerator-runtime/**     -app -group
module:tslib/**                   -app -group

## Node internals
function:runMicrotasks                -app -group
function:processTicksAndRejections    -app -group
function:nextTick                     -app -group
function:_tickCallback                -app -group
function:_tickDomainCallback          -app -group
function:listOnTimeout                -app -group
function:processImmediate             -app -group
function:process.processTicksAndRejections -app -group

## Dart and Flutter
family:javascript path:org-dartlang-sdk:///**      -app -group
family:javascript module:**/packages/flutter/**    -app
path:package:sentry/**                -app -group
path:package:sentry_*/**              -app -group
path:package:flutter/**               -app

## Java and Android
module:io.sentry.*                    -app -group
module:java.*                         category=framework
module:javax.*                        category=framework
module:jdk.*                          category=framework
module:sun.*                          category=framework
module:kotlin.*                       category=framework
module:kotlinx.*                      category=framework
module:org.springframework.*          category=framework
module:org.apache.*                   category=framework
module:io.sentry.*                    category=framework
module:android.*                      category=framework
module:androidx.*                     category=framework
module:com.android.*                  category=framework
module:dalvik.*                       category=framework
module:com.android.internal.os.ZygoteInit  category=threadbase
module:android.* | [ !module:android.* ]   category=threadbase
[ module:androidx.* ] | module:androidx.*  category=internals
module:dalvik.system.VMStack function:getThreadStackTrace  category=internals

## Native: system libraries
family:native package:/usr/lib/**               category=system
family:native package:/System/Library/**        category=system

## Native: thread bases
family:native function:start package:**/libdyld.dylib   category=threadbase
family:native function:_pthread_start           category=threadbase
family:native function:_pthread_body            category=threadbase
family:native function:thread_start             category=threadbase
family:native function:start_thread             category=threadbase
family:native function:__pthread_start          category=threadbase
family:native function:__start_thread           category=threadbase
family:native function:RtlUserThreadStart       category=threadbase
family:native function:BaseThreadInitThunk      category=threadbase
family:native function:TppWorkerThread          category=threadbase
family:native function:RtlpTpWorkCallback       category=threadbase
family:native function:__scrt_common_main_seh   category=threadbase
family:native function:invoke_main              category=threadbase
family:native function:UIApplicationMain | [ !package:**/Containers/Bundle/Application/** ]  category=threadbase
family:native function:NSApplicationMain        category=threadbase

## Native: indirection
# ObjC names: "[" opens a glob character class, so a literal bracket is written "[[]".
family:native function:*.cold.*                 category=indirection
family:native function:*::operator()            category=indirection
family:native function:CFRunLoopRunSpecific     category=indirection
family:native function:"-[[]NSOpenGLContext flushBuffer]"  category=indirection
family:native function:UIApplicationMain | [ package:**/Containers/Bundle/Application/** ]  category=indirection
family:native function:_dispatch_call_block_and_release  category=indirection
family:native function:_dispatch_client_callout category=indirection

## Native: drivers
family:native package:**/nvwgf2um*.dll          category=driver
family:native package:**/atidxx*.dll            category=driver
family:native package:**/igd10*.dll             category=driver
family:native package:/System/Library/Extensions/**  category=driver

## Native: crash reporters
family:native function:gpusGenerateCrashLog     category=telemetry
family:native function:gpusKillClientExt        category=telemetry
family:native function:?[[]Sentry*              -app -group
family:native function:__*[[]Sentry*            -app -group
family:native function:crashpad::*              category=throw

## Native: internals
# Code inside a graphics driver is the driver's business: the frames calling into it say what
# the application did. Crash-reporter hooks living in driver binaries stay telemetry.
family:native category:driver                   category=internals
family:native function:__libc_init              category=internals
# The kernel trap below pthread_kill/abort: always the same, whoever raised the signal.
family:native function:__pthread_kill           category=internals
family:native function:GSEventRunModal          category=internals
family:native function:__CF*                    category=internals
family:native function:__NSThreadPerformPerform category=internals
family:native function:_DPSNextEvent            category=internals
family:native function:"-[[]NSApplication(NSEvent) _nextEventMatchingEventMask:untilDate:inMode:dequeue:]"  category=internals
family:native function:_BlockUntilNextEventMatchingListInModeWithFilter  category=internals
family:native function:ReceiveNextEventCommon   category=internals
family:native function:RunCurrentEventLoopInMode  category=internals
family:native function:"-[[]_NSOpenGLViewBackingLayer display]"  category=internals
family:native function:"-[[]UIApplication sendAction:to:from:forEvent:]"  category=internals
family:native function:_dispatch_*              category=internals
family:native function:@callee_guaranteed       category=internals
family:native function:std::__*                 category=internals
family:native function:std::_*                  category=internals
[ function:std::* ] | family:native function:std::*  category=internals
family:native function:nanov2_*                 category=internals
family:native function:malloc_vreport           category=internals
family:native function:glTexSubImage2D_Exec     category=internals
family:native function:gleTextureImagePut       category=internals
family:native function:gpusSubmitDataBuffers | [ !category:telemetry ]  category=internals
family:native function:gldFlushObject           category=internals
family:native function:gliSetInteger            category=internals
family:native function:CGLDescribeRenderer      category=internals
family:native function:glSwap_Exec              category=internals
family:native function:CContext::LUCBeginLayerDestruction     category=internals
family:native function:NDXGI::CDevice::DestroyDriverInstance  category=internals
family:native function:OpenAdapter10            category=internals
family:native function:OpenAdapter12            category=internals
family:native function:*_block_invoke* app:no  category=internals

## Native: throwing and aborting
family:native function:abort                    category=throw
family:native function:raise                    category=throw
family:native function:pthread_kill             category=throw
family:native function:_sigtramp                category=throw
family:native function:__cxa_throw              category=throw
family:native function:_CxxThrowException       category=throw
family:native function:objc_exception_throw     category=throw
family:native function:std::panicking::begin_panic*  category=throw
family:native function:__rust_start_panic       category=throw

`;

/**
 * The actions keyed on categories; they come after every rule that assigns a category.
 * `throwActions` differs between bases: 2023 ungroups only the frames above a throw frame
 * (`^-group`), so `abort` itself still contributes; 2026 also ungroups the throw frame.
 */
export const categoryActions = (throwActions: string): string => `
category:system                   -app
category:framework                -app
category:internals                -app
category:telemetry                -app
category:throw                    -app
category:threadbase               -group v-group
category:internals                -group
category:indirection              -group
category:telemetry                -group
category:throw                    ${throwActions}
module:io.sentry.*                -group
`;
