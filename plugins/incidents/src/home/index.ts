export { MyOncallShiftsContent } from './MyOncallShiftsWidget';
export { OwnedIncidentsContent } from './OwnedIncidentsWidget';
export { OverdueActionItemsContent } from './OverdueActionItemsWidget';
export { RoleIncidentsContent } from './RoleIncidentsWidget';
