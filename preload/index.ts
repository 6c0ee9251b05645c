/**
 * The sandboxed preload: exposes the IPC contract as window.station and nothing else
 * (never ipcRenderer itself, never Node).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createStationApi } from './station-api.js';

contextBridge.exposeInMainWorld('station', createStationApi(ipcRenderer));
