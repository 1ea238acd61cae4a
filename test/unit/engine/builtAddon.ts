/**
 * The native addon as built in src/native (not through the kernels, and whatever SEQ2SEQ_NATIVE says),
 * for the tests that call its entry points directly.
 */
import * as fs from 'fs';
import * as path from 'path';
import { NATIVE_MODULE_FILE, type NativeModule } from '../../../src/shared/engine/kernels/nativeModule';

export const BUILT_ADDON = path.join(__dirname, '..', '..', '..', '..', 'src', 'native', 'build', 'Release', NATIVE_MODULE_FILE);

/**
 * The addon, or the calling suite skipped where there is none to call: where no C compiler built it
 * (CI requires one: SEQ2SEQ_REQUIRE_NATIVE=1, so there it fails instead) or the CPU lacks AVX2/FMA.
 */
export function builtAddonOrSkip(suite: Mocha.Context): NativeModule {
  if (!fs.existsSync(BUILT_ADDON) && process.env.SEQ2SEQ_REQUIRE_NATIVE !== '1') suite.skip();
  const addon = module.require(BUILT_ADDON) as NativeModule;
  if (!addon.supported) suite.skip();
  return addon;
}
