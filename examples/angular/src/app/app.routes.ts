import type { Routes } from "@angular/router";
import { GalleryPage } from "./gallery.page";
import { StudioPage } from "./studio.page";

export const routes: Routes = [
  { path: "", component: StudioPage },
  { path: "gallery", component: GalleryPage },
];
