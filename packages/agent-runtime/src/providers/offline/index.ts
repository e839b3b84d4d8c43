export { OFFLINE_MODEL_NOTICE, type OfflineModelOptions, offlineModel } from './offline-model.js';
