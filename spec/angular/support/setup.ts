import { setupZonelessTestEnv } from "jest-preset-angular/setup-env/zoneless";

// Zoneless TestBed (Angular 21's default); specs that test zone.js load it themselves.
setupZonelessTestEnv();
